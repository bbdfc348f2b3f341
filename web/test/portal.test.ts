import { describe, expect, it } from 'vitest';
import { linkToken } from '../src/portal_api';

describe('linkToken', () => {
  it('takes the token from a full link, a relative link or the token itself', () => {
    expect(linkToken('https://roi.example.test/d/1.AbC-def_123')).toBe('1.AbC-def_123');
    expect(linkToken(' /d/1.AbC-def_123 ')).toBe('1.AbC-def_123');
    expect(linkToken('1.AbC-def_123')).toBe('1.AbC-def_123');
  });
  it('refuses what cannot be a token', () => {
    expect(linkToken('')).toBeNull();
    expect(linkToken('/d/')).toBeNull();
    expect(linkToken('https://roi.example.test/d/has space')).toBeNull();
    expect(linkToken('<script>')).toBeNull();
  });
});
