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
export { limitByIp, limitSignIn, passwordSignIn, registerWithPassword } from './passwordSignIn';
export {
  ACCOUNT_GONE,
  deleteAccount,
  RECENT_SIGN_IN_SECONDS,
  type AccountHolder,
  type DeleteAccountDeps,
} from './deleteAccount';
export { userExists } from './users';
