import { describe, expect, it } from 'vitest';
import { readYamlSubset } from './read-yaml-subset.js';

describe('readYamlSubset', () => {
  it('reads a compose file', () => {
    const text = `
version: "3.9" # old
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: secret
    ports:
      - "5432:5432"
    command: |
      postgres -c x=1
      -c y=2
  cache:
    image: 'redis:7-alpine'
    ports: ["6379:6379", 8080]
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
volumes:
  data: {}
`;
    expect(readYamlSubset(text)).toEqual({
      version: '3.9',
      services: {
        db: {
          image: 'postgres:16',
          environment: { POSTGRES_PASSWORD: 'secret' },
          ports: ['5432:5432'],
          command: '',
        },
        cache: {
          image: 'redis:7-alpine',
          ports: ['6379:6379', '8080'],
          healthcheck: { test: ['CMD', 'redis-cli', 'ping'] },
        },
      },
      volumes: { data: '{}' },
    });
  });

  it('reads pnpm-workspace.yaml and lists of maps', () => {
    expect(readYamlSubset("packages:\n  - 'apps/*'\n  - packages/**\n  - '!**/test/**'\n")).toEqual(
      {
        packages: ['apps/*', 'packages/**', '!**/test/**'],
      },
    );
    expect(readYamlSubset('ports:\n  - target: 80\n    published: 8080\n  - "3000"\n')).toEqual({
      ports: [{ target: '80', published: '8080' }, '3000'],
    });
  });
});
