import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapServer, mailbox, type ImapServer } from '../../helpers/mail.ts';
import { api, tempDir, waitFor } from '../../helpers/server.ts';
import { spawnServer, stopServer } from '../../helpers/spawn-server.ts';
import { policyText } from '../helpers.ts';

const server = await imapServer();
const support = 'crash@example.test'; // its own mailbox: the other email tests run beside it
const total = 150;

/** Lines of the plugin's mail index that record a read mail. */
const readCount = (dataDir: string) => {
  try {
    return readFileSync(join(dataDir, 'plugins', 'email', 'mail-index.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"kind":"mail"')).length;
  } catch {
    return 0;
  }
};

describe.skipIf(!server)('email plugin: a killed runtime loses and duplicates no mail', () => {
  const srv = server as ImapServer;
  let inbox: Awaited<ReturnType<typeof mailbox>>;
  beforeAll(async () => {
    inbox = await mailbox(srv, support);
    await inbox.clear();
  });
  afterAll(async () => {
    await inbox?.clear();
    await inbox?.close();
    await srv.stop();
  });

  it('SIGKILL twice while the mailbox is being read: every mail becomes exactly one ticket', async () => {
    const tmp = await tempDir();
    const policyFile = join(tmp.dir, 'policy.yaml');
    writeFileSync(
      policyFile,
      policyText(`plugins:
  - name: email
    options:
      imap: { host: 127.0.0.1, port: ${srv.port}, user: ${support}, password: "${srv.password}" }
      smtp: { host: 127.0.0.1, port: 9 }
      address: ${support}
      mode: idle
      batchSize: 10
`).replace(
        'channels: [{ id: web, kind: online }]',
        'channels: [{ id: web, kind: online }, { id: email, kind: online }]',
      ),
    );
    for (let i = 0; i < total; i++)
      await inbox.deliver(
        `From: c${i}@example.test\r\nTo: ${support}\r\nSubject: crash ${i}\r\nMessage-ID: <crash-${i}@example.test>\r\n\r\nmail ${i}\r\n`,
      );
    const dataDir = join(tmp.dir, 'data');
    const args = ['--config', policyFile, '--data', dataDir, '--no-watch'];

    // kill it twice while it reads
    for (const after of [20, 70]) {
      const child = await spawnServer(args);
      await waitFor(() => readCount(dataDir) >= after, `${after} mails read`, 60_000);
      await stopServer(child, 'SIGKILL');
    }
    const last = await spawnServer(args);
    try {
      await waitFor(() => readCount(dataDir) >= total, 'every mail read', 60_000);
      // the last batch is flagged \Seen right after its index records
      let unseen = (await inbox.all()).filter((m) => !m.seen);
      for (let i = 0; i < 50 && unseen.length; i++) unseen = (await inbox.all()).filter((m) => !m.seen);
      expect(unseen).toEqual([]);
      const { body } = await api(last.url, 'GET', '/api/tickets?channel=email&limit=500');
      const subjects = body.items.map((t: { subject: string }) => t.subject);
      expect(subjects).toHaveLength(total);
      expect(new Set(subjects).size).toBe(total);
    } finally {
      await stopServer(last, 'SIGTERM');
      await tmp.remove();
    }
  }, 240_000);
});
