import { signLiuyan } from '../../sim/liuyan/sign.js';

/** Small HTTP helpers for the simulator tests (not a test file itself). */

export function postForm(url: string, fields: Record<string, string | number>, headers: Record<string, string> = {}): Promise<Response> {
  const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', ...headers }, body });
}

export function postJson(url: string, value: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(value) });
}

/** Posts a generation-B envelope; `signature` overrides the computed one. */
export function postSigned(baseUrl: string, path: string, param: unknown, signature?: string): Promise<Response> {
  const paramString = JSON.stringify(param);
  const envelope = { appCode: 'PC42ce3bfa4980a9', token: '', signature: signature ?? signLiuyan(path, paramString), param: paramString };
  return postJson(`${baseUrl}${path}`, envelope);
}

export async function admin(adminUrl: string, path: string, body?: unknown): Promise<unknown> {
  const res = body === undefined ? await fetch(`${adminUrl}${path}`) : await postJson(`${adminUrl}${path}`, body);
  if (!res.ok) throw new Error(`admin ${path} -> ${res.status} ${await res.text()}`);
  return res.json();
}

export const DAY_MS = 86_400_000;
