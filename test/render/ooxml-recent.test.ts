import { describe, expect, it } from 'vitest';
import { RecentLists } from '../../src/render/ooxml/recent.js';

describe('the OOXML writers’ recent lists', () => {
  it('finds a value under its key and moves it to the front; a miss changes nothing', () => {
    const lists = new RecentLists<string>(3);
    lists.add('a', 'x');
    lists.add('a', 'y');
    lists.add('a', 'z');
    expect(lists.find('a', (v) => v === 'nope')).toBeUndefined();
    expect(lists.find('b', () => true)).toBeUndefined();
    expect(lists.find('a', (v) => v === 'x')).toBe('x');
    // x is now first: the next value added pushes y (the least recently used) off the end.
    expect(lists.add('a', 'w')).toBe('y');
    expect(lists.find('a', () => true)).toBe('w');
  });

  it('takes a value out of its list when asked', () => {
    const lists = new RecentLists<number>(4);
    lists.add('k', 1);
    lists.add('k', 2);
    expect(lists.find('k', (v) => v === 1, true)).toBe(1);
    expect(lists.find('k', (v) => v === 1)).toBeUndefined();
    expect(lists.find('k', (v) => v === 2)).toBe(2);
  });

  it('drops the least recently used key, by use as well as by adding', () => {
    const lists = new RecentLists<string>(2, 2);
    lists.add('a', 'a1');
    lists.add('b', 'b1');
    // Using a makes b the least recently used: a third key drops b.
    expect(lists.find('a', () => true)).toBe('a1');
    lists.add('c', 'c1');
    expect(lists.find('b', () => true)).toBeUndefined();
    expect(lists.find('a', () => true)).toBe('a1');
    expect(lists.dropOldest()).toEqual(['c1']);
    expect(lists.dropOldest()).toEqual(['a1']);
    expect(lists.dropOldest()).toBeUndefined();
  });

  it('forgets everything on clear', () => {
    const lists = new RecentLists<string>(2);
    lists.add('a', 'a1');
    lists.clear();
    expect(lists.find('a', () => true)).toBeUndefined();
  });
});
