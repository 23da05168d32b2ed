import { SharedLinks } from '@/components/shares/SharedLinks';
import { APP_NAME } from '@/lib/appName';

export const metadata = { title: `Shared links · ${APP_NAME}` };

export default function SharedLinksPage() {
  return <SharedLinks />;
}
