import { NewChat } from '@/components/chat/NewChat';

export const metadata = { title: 'New chat · Chatbot AI' };

export default function NewChatPage() {
  return <NewChat />;
}
