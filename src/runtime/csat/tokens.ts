import { createHash, randomBytes } from 'node:crypto';

/** 128 random bits, URL-safe: the survey link is the only credential a customer has. */
export function newSurveyToken(): string {
  return randomBytes(16).toString('base64url');
}

/** Only the hash is stored, so a copy of the data directory cannot answer surveys. */
export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const isSurveyTokenShape = (s: string) => /^[A-Za-z0-9_-]{22}$/.test(s);
