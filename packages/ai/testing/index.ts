export {
  startFakeOpenAI,
  defaultReply,
  type FakeOpenAI,
  type FakeRequest,
  type FakeScript,
} from './fakeOpenAI';
