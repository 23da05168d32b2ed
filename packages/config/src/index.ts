export { parseConfig, ConfigError, type Config, type ParseOptions } from './config';
export { loadConfig, readTestEnvironment } from './load';
export {
  DEVELOPMENT_SECRETS,
  environmentSchema,
  providerSchema,
  checkSecret,
  type Environment,
  type ProviderConfig,
} from './schema';
