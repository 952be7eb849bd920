// DNS-rebinding defence for the query API: a page on evil.example that resolves its name to
// 127.0.0.1 still sends "Host: evil.example", so only loopback names (and names the user
// allowed) are served. Mutating calls also refuse foreign Origins (CSRF from any web page).
import type { NextFunction, Request, Response } from 'express';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0]!;
}

export function hostAllowed(hostHeader: string | undefined, extra: readonly string[]): boolean {
  if (!hostHeader) return false;
  const name = hostnameOf(hostHeader);
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || extra.includes(name);
}

export function originAllowed(origin: string, extra: readonly string[]): boolean {
  try {
    return hostAllowed(new URL(origin).host, extra);
  } catch {
    return false;
  }
}

export function hostCheck(extra: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hostAllowed(req.headers.host, extra)) {
      res.status(403).json({ error: `Host "${req.headers.host ?? ''}" is not allowed (DNS rebinding protection); use localhost or add it with --allow-host` });
      return;
    }
    const origin = req.headers.origin;
    if (req.method !== 'GET' && req.method !== 'HEAD' && origin && !originAllowed(origin, extra)) {
      res.status(403).json({ error: `cross-origin ${req.method} from ${origin} refused` });
      return;
    }
    next();
  };
}
