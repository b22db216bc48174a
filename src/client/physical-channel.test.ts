import { describe, expect, it } from 'vitest';
import { channelSegment, physicalChannel, repoNameFromUrl } from './physical-channel.js';

/** The channel grammar of docs/cli.md: at most 200 characters, segments of at most 64. */
const CHANNEL =
  /^(?=.{1,200}$)[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}(:[A-Za-z0-9_][A-Za-z0-9._@-]{0,63})*$/;

describe('physicalChannel', () => {
  const place = { repo: 'shop', branch: 'main' };

  it('appends the repo, then the branch, to declared names', () => {
    expect(physicalChannel('chat', 'global', place)).toBe('chat');
    expect(physicalChannel('chat', 'repo', place)).toBe('chat@shop');
    expect(physicalChannel('team:chat', 'branch', place)).toBe('team:chat@shop:main');
    expect(() => physicalChannel('chat', 'branch')).toThrow(/git/);
  });

  it('gives branches that differ only in characters outside the grammar different segments', () => {
    const slash = channelSegment('feature/x', 64);
    const dot = channelSegment('feature.x', 64);
    expect(dot).toBe('feature.x');
    expect(slash).toMatch(/^feature\.x-[0-9a-f]{6}$/);
    expect(channelSegment('fix/ünïcode branch', 64)).toMatch(/^fix\.-n-code-branch-[0-9a-f]{6}$/);
    expect(channelSegment('-dash', 64)).toMatch(/^_-dash-[0-9a-f]{6}$/);
  });

  it('keeps every result valid for the channel grammar, even for long names', () => {
    const long = { repo: 'r'.repeat(80), branch: 'b/'.repeat(60) };
    const name = `${'a'.repeat(50)}:${'z'.repeat(32)}`;
    const channel = physicalChannel(name, 'branch', long);
    expect(channel).toMatch(CHANNEL);
    expect(channel).not.toBe(physicalChannel(name, 'branch', { ...long, branch: 'b.'.repeat(60) }));
  });

  it.each([
    ['https://github.com/me/port-daddy.git', 'port-daddy'],
    ['git@github.com:me/port-daddy', 'port-daddy'],
    ['ssh://git@host:22/team/shop.git/', 'shop'],
    ['/srv/git/local.git', 'local'],
  ])('takes the repository name from %s', (url, name) => {
    expect(repoNameFromUrl(url)).toBe(name);
  });
});
