import { describe, expect, it } from 'vitest';
import { branchSegment, serviceIdentity } from './service-identity.js';

describe('serviceIdentity', () => {
  it('is project:service on the default branch or without one', () => {
    expect(serviceIdentity('myapp', 'api', {})).toBe('myapp:api');
    expect(serviceIdentity('myapp', 'api', {}, 'main')).toBe('myapp:api');
    expect(serviceIdentity('myapp', 'api', {}, 'master')).toBe('myapp:api');
  });

  it('adds the branch elsewhere, as a segment', () => {
    expect(serviceIdentity('myapp', 'api', {}, 'feature/Login')).toBe('myapp:api:feature-login');
  });

  it('takes the override as it is', () => {
    expect(serviceIdentity('myapp', 'api', { identity: 'other:x' }, 'dev')).toBe('other:x');
  });
});

describe('branchSegment', () => {
  it('keeps a letter or digit first and cuts long names', () => {
    expect(branchSegment('_wip')).toBe('wip');
    expect(branchSegment('a'.repeat(80))).toHaveLength(40);
    expect(branchSegment('release/1.2')).toBe('release-1-2');
  });
});
