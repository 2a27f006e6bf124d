import { z } from 'zod';

/** The server's rules (docs/api/accounts.md), checked before sending; messages are i18n keys. */
export const usernameSchema = z
  .string()
  .min(3, 'validation.usernameFormat')
  .max(30, 'validation.usernameFormat')
  .regex(/^[A-Za-z0-9_]+$/, 'validation.usernameFormat');

export const emailSchema = z.string().trim().min(1, 'validation.required').pipe(z.email('validation.email'));

export const newPasswordSchema = z
  .string()
  .min(10, 'validation.passwordTooShort')
  .max(128, 'validation.passwordTooLong');

export const registerSchema = z
  .object({
    email: emailSchema,
    username: usernameSchema,
    display_name: z.string().trim().max(50, 'validation.displayNameLength'),
    password: newPasswordSchema,
    language: z.enum(['fr', 'en']),
    accept_terms: z.boolean().refine((v) => v, 'validation.acceptTerms'),
  })
  .refine((v) => v.password.toLowerCase() !== v.username.toLowerCase() && v.password.toLowerCase() !== v.email.toLowerCase(), {
    message: 'validation.passwordMatchesIdentity',
    path: ['password'],
  });

export type RegisterValues = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
  login: z.string().trim().min(1, 'validation.required'),
  password: z.string().min(1, 'validation.required'),
});

export type LoginValues = z.infer<typeof loginSchema>;

export const emailOnlySchema = z.object({ email: emailSchema });

export const resetSchema = z
  .object({ password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: 'validation.passwordsDiffer', path: ['confirm'] });
