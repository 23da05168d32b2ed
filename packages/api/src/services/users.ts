import type { User } from '@chatbot/db';
import type { UserDTO } from '../schemas/auth';

export function toUserDTO(user: User): UserDTO {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    image: user.image,
    createdAt: user.createdAt,
  };
}
