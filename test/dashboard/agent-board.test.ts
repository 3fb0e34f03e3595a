import { describe, expect, it } from 'vitest';
import { agentBoard } from '../../src/runtime/board/agent-board.ts';
import type { AgentView } from '../../src/runtime/routing-views.ts';

const agent = (id: string, over: Partial<AgentView>): AgentView => ({
  id,
  name: id.toUpperCase(),
  presence: 'online',
  onShift: true,
  calendar: '24x7',
  absent: false,
  groups: ['desk'],
  leads: [],
  skills: {},
  capacity: {},
  load: { byKind: {}, total: 0, weighted: 0 },
  ...over,
});

describe('agentBoard (load against capacity)', () => {
  it('lists capped kinds in the policy order, then kinds with work and no cap, and the fullest capped share', () => {
    const [a] = agentBoard(
      [
        agent('a', {
          capacity: { online: 4, voice: 1 },
          load: { byKind: { online: 1, voice: 1, email: 3 }, total: 5, weighted: 9 },
        }),
      ],
      undefined,
      () => undefined,
    );
    expect(a).toMatchObject({ load: 5, capacity: null, utilisation: 1 });
    expect(a!.kinds).toEqual([
      { kind: 'online', load: 1, capacity: 4 },
      { kind: 'voice', load: 1, capacity: 1 },
      { kind: 'email', load: 3, capacity: null },
    ]);
  });

  it('counts the total cap, a cap of 0 with work as full, and nothing capped as no share', () => {
    const board = agentBoard(
      [
        agent('total', { capacity: { total: 8 }, load: { byKind: { online: 2 }, total: 2, weighted: 2 } }),
        agent('zero', { capacity: { voice: 0 }, load: { byKind: { voice: 1 }, total: 1, weighted: 1 } }),
        agent('free', { load: { byKind: { online: 7 }, total: 7, weighted: 7 } }),
      ],
      undefined,
      () => undefined,
    );
    expect(board.map((a) => [a.id, a.capacity, a.utilisation])).toEqual([
      ['total', 8, 0.25],
      ['zero', null, 1],
      ['free', null, null],
    ]);
  });

  it("narrows to a group's members and its lead", () => {
    const agents = [
      agent('m', { groups: ['desk'] }),
      agent('lead', { groups: ['other'] }),
      agent('out', { groups: ['other'] }),
    ];
    expect(agentBoard(agents, 'desk', (g) => (g === 'desk' ? 'lead' : undefined)).map((a) => a.id)).toEqual([
      'm',
      'lead',
    ]);
    expect(agentBoard(agents, undefined, () => undefined)).toHaveLength(3);
  });
});
