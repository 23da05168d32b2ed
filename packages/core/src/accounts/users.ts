import { dtoMapper } from '../schemas/dto';
import { userOutput } from '../schemas/auth';

/** The API's view of a stored user (the fields `userOutput` lists: never the password hash). */
export const toUserDTO = dtoMapper(userOutput);
