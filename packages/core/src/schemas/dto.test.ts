import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toUserDTO } from '../accounts/users';
import { dtoMapper } from './dto';

describe('dtoMapper', () => {
  const toDTO = dtoMapper(z.object({ id: z.string(), name: z.string().nullable() }));

  it("keeps exactly the schema's keys and drops every other field of the row", () => {
    const row = { id: 'u1', name: null, secret: 'x', internal: 42 };
    const dto = toDTO(row);
    expect(dto).toEqual({ id: 'u1', name: null });
    expect(Object.keys(dto)).toEqual(['id', 'name']);
  });

  it('returns a new object, so changing it leaves the row alone', () => {
    const row = { id: 'u1', name: 'Ann' };
    const dto = toDTO(row);
    dto.name = 'Bob';
    expect(row.name).toBe('Ann');
  });
});

describe('toUserDTO', () => {
  it('never carries the password hash or other stored-only fields', () => {
    const row = {
      id: 'u1',
      email: 'ann@example.com',
      passwordHash: '$argon2id$v=19$secret',
      name: 'Ann',
      image: null,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      updatedAt: new Date('2026-01-02T00:00:00Z'),
    };
    const dto = toUserDTO(row);
    expect(dto).toEqual({
      id: 'u1',
      email: 'ann@example.com',
      name: 'Ann',
      image: null,
      createdAt: row.createdAt,
    });
    expect(JSON.stringify(dto)).not.toContain('argon2');
  });
});
