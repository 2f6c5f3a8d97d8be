import { mix } from '../core/prng.js';
import { html } from './respond.js';
import type { SimResponse } from './types.js';

const MODULUS = 1_000_003;

/** The arithmetic the inline script performs; the server recomputes it to verify cookies. */
function operands(seed: number, nonce: number): [number, number, number] {
  return [mix(seed, nonce, 1) % 9000 + 1000, mix(seed, nonce, 2) % 9000 + 1000, mix(seed, nonce, 3) % 100000];
}

export function expectedAnswer(seed: number, nonce: number): string {
  const [a, b, c] = operands(seed, nonce);
  return ((a * b + c) % MODULUS).toString(16);
}

/** True when the cookie value is `<nonce>.<answer>` with the right answer. */
export function isValidChallengeCookie(seed: number, value: string | undefined): boolean {
  if (!value) return false;
  const [nonceText, answer] = value.split('.');
  const nonce = Number.parseInt(nonceText ?? '', 16);
  return Number.isFinite(nonce) && answer === expectedAnswer(seed, nonce);
}

/**
 * A 加速乐-like first response: HTTP 521 with an inline script that computes the cookie and
 * reloads. Plain HTTP clients never execute it, so they loop on this page; a browser passes.
 */
export function challengePage(seed: number, nonce: number, cookieName: string): SimResponse {
  const [a, b, c] = operands(seed, nonce);
  const nonceHex = nonce.toString(16);
  const script = `(function(){var a=${a},b=${b},c=${c};var v=((a*b+c)%${MODULUS}).toString(16);` +
    `document.cookie='${cookieName}=${nonceHex}.'+v+'; path=/; max-age=3600';location.reload();})();`;
  const page = `<html><head><meta charset="utf-8"><title></title></head><body><script>${script}</script></body></html>`;
  return html(page, { status: 521, headers: { 'cache-control': 'no-store' } });
}
