export {
  startFakeOpenAI,
  defaultReply,
  type FakeOpenAI,
  type FakeRequest,
  type OpenAIRequestBody,
} from './fakeOpenAI';
export { startFakeAnthropic, type FakeAnthropic } from './fakeAnthropic';
export { startFakeGemini, type FakeGemini } from './fakeGemini';
export type { FakeScript, FakeConversation, FakeProviderServer } from './fakeProviderServer';
export { minimalPdf } from './minimalPdf';
export { TINY_PNG, type FakeImage } from './fakeImages';
