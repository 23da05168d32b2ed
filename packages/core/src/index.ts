export { createApp, type App } from './app';
export { describeOutage, isDomainError } from './errors';
export { silentLogger } from './logger';
export { retryAfterHeaders } from './rateLimits';
