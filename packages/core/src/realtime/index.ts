export { TERMINAL_EVENTS, type ChatEvent } from './chatEvents';
