import type { Socket } from 'socket.io';
import type { Clock } from '../core/util/clock.ts';

export interface SocketLimits {
  messagesPerMinute: number;
  disconnectAfter: number;
}

/**
 * Per-connection message budget: past `messagesPerMinute` a message is dropped and its ack (if
 * it asked for one) answers `{ ok: false, error: { code: 'SWB_SOCKET_RATE_LIMITED' } }`; past
 * `disconnectAfter` in the same minute the connection is closed.
 */
export function limitMessages(socket: Socket, limits: SocketLimits, clock: Clock): void {
  if (limits.messagesPerMinute <= 0) return;
  let windowStart = Number.NEGATIVE_INFINITY;
  let count = 0;
  socket.use((packet, next) => {
    const now = clock.now().getTime();
    if (now - windowStart >= 60_000 || now < windowStart) {
      windowStart = now;
      count = 0;
    }
    count++;
    if (count <= limits.messagesPerMinute) return next();
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function')
      (ack as (r: unknown) => void)({
        ok: false,
        error: {
          code: 'SWB_SOCKET_RATE_LIMITED',
          message: `more than ${limits.messagesPerMinute} messages a minute on this connection; subscribe once and keep the subscription`,
        },
      });
    if (count > limits.disconnectAfter) socket.disconnect(true);
  });
}
