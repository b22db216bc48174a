import { describe, expect, it } from 'vitest';
import { parseServiceHostname, serviceHostname, serviceUrl } from './service-host.js';

describe('serviceHostname', () => {
  it('maps project:service and project:service:branch', () => {
    expect(serviceHostname('myapp:api')).toBe('api.myapp.localhost');
    expect(serviceHostname('MyApp:API')).toBe('api.myapp.localhost');
    expect(serviceHostname('myapp:api:feat-x')).toBe('api--feat-x.myapp.localhost');
    expect(serviceHostname('my.app:api')).toBe('api.my.app.localhost');
  });

  it('has no name for what cannot round-trip', () => {
    expect(serviceHostname('myapp')).toBeNull();
    expect(serviceHostname('myapp:a.b')).toBeNull();
    expect(serviceHostname('myapp:a--b')).toBeNull();
    expect(serviceHostname('myapp:api:v1.2')).toBeNull();
    expect(serviceHostname('a:b:c:d')).toBeNull();
    expect(serviceHostname('my app:api')).toBeNull();
  });

  it('builds the URL with the daemon port', () => {
    expect(serviceUrl('myapp:api', 9876)).toBe('http://api.myapp.localhost:9876/');
    expect(serviceUrl('myapp', 9876)).toBeNull();
  });
});

describe('parseServiceHostname', () => {
  it('reads the identity back from a Host header', () => {
    expect(parseServiceHostname('api.myapp.localhost')).toBe('myapp:api');
    expect(parseServiceHostname('API.MyApp.localhost:9876')).toBe('myapp:api');
    expect(parseServiceHostname('api--feat-x.myapp.localhost.')).toBe('myapp:api:feat-x');
    expect(parseServiceHostname('api.my.app.localhost')).toBe('my.app:api');
  });

  it('names no service for API hosts and foreign names', () => {
    for (const host of [
      'localhost',
      'localhost:9876',
      '127.0.0.1:9876',
      '[::1]:9876',
      'myapp.localhost',
      'example.com',
      'api.myapp.example.com',
      '.myapp.localhost',
      'api--.myapp.localhost',
      '-api.myapp.localhost',
    ]) {
      expect(parseServiceHostname(host), host).toBeNull();
    }
  });

  it('round-trips every identity that has a name', () => {
    for (const identity of ['a:b', 'a.b:c', 'x_y:z-1', 'p:s:main', 'p:s:feat_2']) {
      expect(parseServiceHostname(serviceHostname(identity)!)).toBe(identity);
    }
  });

  it('reads *.pd.local names only when the opt-in is on', () => {
    expect(parseServiceHostname('api.myapp.pd.local:9876')).toBeNull();
    expect(parseServiceHostname('api.myapp.pd.local:9876', { pdLocal: true })).toBe('myapp:api');
    expect(parseServiceHostname('api--b.myapp.pd.local', { pdLocal: true })).toBe('myapp:api:b');
    expect(parseServiceHostname('api.myapp.localhost', { pdLocal: true })).toBe('myapp:api');
    expect(parseServiceHostname('pd.local', { pdLocal: true })).toBeNull();
    expect(serviceUrl('myapp:api', 9876, 'pd.local')).toBe('http://api.myapp.pd.local:9876/');
  });
});
