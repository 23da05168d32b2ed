import { LIMITS } from '@chatbot/core/schemas';
import { NewChat } from '@/components/chat/NewChat';
import { APP_NAME } from '@/lib/appName';

export const metadata = { title: `New chat · ${APP_NAME}` };

export default function NewChatPage() {
  return <NewChat messageLimit={LIMITS.messageContent} systemPromptLimit={LIMITS.systemPrompt} />;
}
