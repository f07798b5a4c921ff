import { unitLeaderPosts } from '../../subgraphs/seed/generate/roll';

describe('处室 leader posts (domain.md rule)', () => {
  it.each([
    [2, 0, 0],
    [3, 1, 0],
    [4, 1, 1],
    [7, 1, 1],
    [8, 1, 2],
    [14, 1, 2],
    [15, 1, 3],
    [40, 1, 3],
  ])('%i staff → %i chief + %i deputies', (staff, chief, deputy) => {
    expect(unitLeaderPosts(staff)).toEqual({ chief, deputy });
  });
});
