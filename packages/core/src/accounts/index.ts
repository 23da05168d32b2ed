export {
  exchangeLoginCode,
  externalSignIn,
  getUser,
  login,
  logout,
  refresh,
  register,
  type AuthDeps,
} from './auth';
export { createUser, signInWithIdentity, verifyCredentials } from './identity';
export { limitSignIn, passwordSignIn } from './passwordSignIn';
