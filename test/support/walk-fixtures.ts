/**
 * Records the OpenAPI walk aims its path parameters at, so a bad value in one input meets valid ones in
 * the others: a case, a unit, a calendar, a throwaway user, an API token, a grid assignment, a citizen's
 * tracking link. Destructive operations (disable, reset a password, revoke) hit the throwaway ones.
 */
import assert from 'node:assert/strict';
import type { TestApp } from './app.ts';
import type { Driver } from './driver.ts';
import { COMMUNITIES, TEST_PASSWORD } from './factories.ts';

export interface WalkFixtures {
  pathValue(path: string, name: string): string;
  queryValue(path: string, name: string): string;
  /** A request body for an operation whose body is not JSON (CSV, geographic files), or for a bad-parameter request. */
  bodyFor(path: string, method: string): unknown;
  /** A body that passes validation, for the operations whose schemas check more than JSON Schema can say (cross-field rules). */
  validBody(path: string, method: string): unknown;
}

export async function walkFixtures(t: TestApp, drive: Driver): Promise<WalkFixtures> {
  const c = await drive.report('supervisor');
  const admin = (opts: Parameters<Driver['call']>[1]) => drive.call('admin', opts);
  const user = await admin({ method: 'POST', url: '/api/users', payload: { username: 'walker', displayName: '遍历测试', roles: ['supervisor'], scopes: [COMMUNITIES[0]], password: `${TEST_PASSWORD}x` } });
  assert.equal(user.statusCode, 201, user.body);
  // The admin's token routes take an integration account: a person's tokens are their own.
  const feed = await admin({ method: 'POST', url: '/api/users', payload: { username: 'walk-feed', displayName: '遍历集成', roles: ['receiver'], scopes: [COMMUNITIES[0]], isIntegration: true } });
  assert.equal(feed.statusCode, 201, feed.body);
  const feedToken = await admin({ method: 'POST', url: '/api/users/walk-feed/tokens', payload: { name: 'walk' } });
  assert.equal(feedToken.statusCode, 201, feedToken.body);
  const token = await admin({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'walk' } });
  assert.equal(token.statusCode, 201, token.body);
  const grid = `${COMMUNITIES[0]}001`;
  const assignment = await admin({ method: 'POST', url: `/api/grids/${grid}/assignments`, payload: { username: 'walker', duty: 'supervisor' } });
  assert.equal(assignment.statusCode, 201, assignment.body);
  const citizen = await t.app.inject({ method: 'POST', url: '/api/public/reports', payload: { categoryCode: '06010', lng: 113.7005, lat: 34.7035, description: '遍历测试的市民反映' }, remoteAddress: '10.200.0.1' });
  assert.equal(citizen.statusCode, 201, citizen.body);
  const settings = (await drive.call('admin', { method: 'GET', url: '/api/workflow-settings/410104' })).json();
  const ids = {
    case: String(c.id),
    unit: String(t.district.unitIds.sanitation),
    calendar: String(t.district.calendarId),
    token: String(token.json().id),
    feedToken: String(feedToken.json().id),
    assignment: String(assignment.json().id),
  };
  return {
    pathValue(path, name) {
      if (path.startsWith('/api/cases/')) return ids.case;
      if (path.startsWith('/api/units/')) return ids.unit;
      if (path.startsWith('/api/calendars/')) return ids.calendar;
      if (path.startsWith('/api/auth/tokens/')) return ids.token;
      if (path.startsWith('/api/notifications/')) return '1';
      if (path.startsWith('/api/grids/')) return name === 'id' ? ids.assignment : grid;
      if (path.startsWith('/api/users/') && path.includes('/tokens')) return name === 'id' ? ids.feedToken : 'walk-feed';
      if (path.startsWith('/api/users/')) return 'walker';
      if (path.startsWith('/api/categories/')) return name === 'kind' ? 'event' : '07001'; // not 06010: the walk may deactivate it, and reports use 06010
      if (path.startsWith('/api/divisions/')) return '410104001';
      if (path.startsWith('/api/workflow-settings/')) return '410104';
      if (path.startsWith('/api/shared-phrases/')) return '410104';
      if (path.startsWith('/api/holidays/')) return name === 'year' ? '2026' : '2026-10-08';
      if (path.startsWith('/api/public/track/')) return name === 'photoId' ? 'a'.repeat(64) : citizen.json().trackingToken;
      if (path.startsWith('/api/photos/')) return 'a'.repeat(64);
      throw new Error(`walk fixtures: no value for ${path} {${name}}`);
    },
    queryValue(path, name) {
      if (path === '/api/cases/map' && name === 'bbox') return '113.69,34.69,113.72,34.71';
      if (path === '/api/locate') return name === 'lng' ? '113.7005' : '34.7035';
      if (path === '/api/divisions/import' && name === 'districtCode') return '410104';
      if (path === '/api/divisions/features' && name === 'level') return 'street';
      if (path === '/api/places' && name === 'q') return '北下街';
      throw new Error(`walk fixtures: no value for ${path} ?${name}`);
    },
    validBody(path, method) {
      const definition = { days: 'weekdays', followsPublicHolidays: true, timetables: [{ name: '全年', from: '01-01', to: '12-31', periods: [{ start: '08:00', end: '12:00' }] }] };
      if (path === '/api/calendars' && method === 'POST') return { districtCode: '410104', code: 'walk', name: '遍历', definition };
      if (path === '/api/calendars/{id}') return { definition };
      if (path === '/api/category-mappings') return { scheme: 'GB/T 30428.2-2013', legacyKind: 'event', legacyCode: '0110', legacyName: '暴露垃圾', kind: 'event', code: '06010' };
      if (path === '/api/workflow-settings/{districtCode}') return settings;
      return undefined;
    },
    bodyFor(path) {
      if (path === '/api/categories/import') return 'kind,major_code,major_name,code,name\nevent,96,遍历,96001,遍历测试\n';
      if (path.endsWith('/import')) return JSON.stringify({ type: 'FeatureCollection', features: [] });
      return {};
    },
  };
}

