import { describe, expect, it } from 'vitest';
import { specFinder } from '../../src/http/guard.ts';
import { routeTable } from '../../src/http/route-table.ts';

describe("the guard finds a request's route spec as express matches routes", () => {
  const find = specFinder(routeTable.filter((s) => !s.root));
  const op = (method: string, path: string) => find(method, path)?.spec.operationId;

  it('static and parameter paths, by method', () => {
    expect(op('POST', '/tickets')).toBe('createTicket');
    expect(op('GET', '/tickets')).toBe('listTickets');
    expect(find('POST', '/tickets/t_1/replies')).toMatchObject({
      spec: { operationId: 'replyTicket' },
      params: { id: 't_1' },
    });
    expect(op('DELETE', '/tickets/t_1/tags')).toBe('removeTags');
    expect(op('PUT', '/tickets')).toBeUndefined();
  });

  it('case-insensitive, optional trailing slash, HEAD as GET, nothing beyond the path', () => {
    expect(op('POST', '/Tickets/')).toBe('createTicket');
    expect(op('HEAD', '/health')).toBe('getHealth');
    expect(op('GET', '/tickets/t_1/replies/extra')).toBeUndefined();
    expect(op('GET', '/tickets/')).toBe('listTickets');
  });

  it('parameters are decoded; a malformed escape is passed on as sent', () => {
    expect(find('GET', '/tickets/a%20b')?.params).toEqual({ id: 'a b' });
    expect(find('GET', '/tickets/%E0%A4%A')?.params).toEqual({ id: '%E0%A4%A' });
  });

  it('a dot in a path is literal', () => {
    expect(op('GET', '/tickets.csv')).toBe('exportTicketsCsv');
    expect(op('GET', '/ticketsXcsv')).toBeUndefined();
  });
});
