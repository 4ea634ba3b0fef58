import { describe, expect, it } from 'vitest';
import { normalizeRoutePrefix } from '../src/normalize-route-prefix.js';

describe('normalizeRoutePrefix', () => {
  it.each([
    ['/', '/'],
    ['api', '/api'],
    ['/api/', '/api'],
    ['/api/v1.2/~me', '/api/v1.2/~me'],
    ['/_svcs', '/_svcs'],
    ['/api/_svc', '/api/_svc'],
  ])('normalises %j to %j', (raw, prefix) => {
    expect(normalizeRoutePrefix(raw)).toEqual({ ok: true, prefix });
  });

  it.each([
    ['', 'CONFIG_INVALID_ROUTE_PREFIX'],
    ['//', 'CONFIG_INVALID_ROUTE_PREFIX'],
    ['/api//v1', 'CONFIG_INVALID_ROUTE_PREFIX'],
    ['/api//', 'CONFIG_INVALID_ROUTE_PREFIX'],
    ['/./api', 'CONFIG_INVALID_ROUTE_PREFIX'],
    ['/api/..', 'CONFIG_INVALID_ROUTE_PREFIX'],
    ['/api?x=1', 'CONFIG_INVALID_ROUTE_PREFIX'],
    ['/caf%C3%A9', 'CONFIG_INVALID_ROUTE_PREFIX'],
    ['/_svc', 'RESERVED_ROUTE_PREFIX'],
    ['_svc/health/', 'RESERVED_ROUTE_PREFIX'],
  ])('refuses %j with %s', (raw, code) => {
    expect(normalizeRoutePrefix(raw)).toMatchObject({ ok: false, code });
  });
});
