export * from './common';
export * from './auth';
export * from './groups';
export * from './sessions';
export * from './messages';
export * from './models';
