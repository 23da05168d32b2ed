export {
  parseConfig,
  ConfigError,
  type Config,
  type NativeProviderConfig,
  type ParseOptions,
} from './config';
export { applyNextAuthEnvironment, environmentWith, loadConfig, readTestEnvironment } from './load';
export {
  DEVELOPMENT_SECRETS,
  environmentSchema,
  providerSchema,
  providerTypes,
  checkSecret,
  type Environment,
  type ProviderConfig,
} from './schema';
export { readCliEnvironment, DEFAULT_CLI_URL, type CliEnvironment } from './cli';
