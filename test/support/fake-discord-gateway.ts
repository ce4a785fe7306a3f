import type http from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { APPLICATION_ID, BOT_USER, shardOfGuild } from './fake-discord-guilds.ts';

// biome-ignore lint/suspicious/noExplicitAny: Discord payloads are checked by the tests that read them.
type Json = Record<string, any>;

export interface FakeGatewayOptions {
  /** The shard count `GET /gateway/bot` recommends (1 by default). */
  shards?: number;
  /** Fewer shards than this are closed at IDENTIFY with 4011, as Discord does above 2,500 servers a shard. */
  requiredShards?: number;
  heartbeatIntervalMs?: number;
}

/**
 * The fake's gateway (v10, JSON, no compression), on the REST server's port at `/gateway`: HELLO →
 * IDENTIFY → READY → GUILD_CREATE for each server of the identified shard, heartbeat ACKs, RESUMED.
 * Like Discord, each connection is one shard (`d.shard` of its IDENTIFY, `[0, 1]` without), and an event
 * goes to the connection of its server's shard only — a direct message's to shard 0.
 */
export function fakeGateway(server: http.Server, guilds: Map<string, Json>, options: FakeGatewayOptions) {
  const frames: Json[] = [];
  /** Each identified connection's `[shard, shard count]`. */
  const shardOf = new Map<WebSocket, [number, number]>();
  let seq = 0;
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/gateway')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const frame = (ws: WebSocket, payload: Json) => ws.send(JSON.stringify(payload));
  const shardCount = () => [...shardOf.values()][0]?.[1] ?? 1;

  wss.on('connection', (ws, req) => {
    const here = `ws://${req.headers.host}/gateway`;
    ws.on('close', () => shardOf.delete(ws));
    frame(ws, { op: 10, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 45_000 }, s: null, t: null });
    ws.on('message', (data) => {
      const payload = JSON.parse(String(data));
      frames.push(payload);
      if (payload.op === 1) frame(ws, { op: 11 });
      if (payload.op === 2) {
        const [shard = 0, count = 1] = (payload.d.shard ?? [0, 1]) as number[];
        if (count < (options.requiredShards ?? 1)) return ws.close(4011, 'Sharding required.');
        shardOf.set(ws, [shard, count]);
        const mine = [...guilds.values()].filter((guild) => shardOfGuild(guild.id, count) === shard);
        frame(ws, {
          op: 0,
          t: 'READY',
          s: ++seq,
          d: {
            v: 10,
            user: BOT_USER,
            guilds: mine.map((guild) => ({ id: guild.id, unavailable: true })),
            // The shard is in the session id, so that a RESUME finds its shard again.
            session_id: `fake-session-${shard}-${count}`,
            resume_gateway_url: here,
            shard: [shard, count],
            application: { id: APPLICATION_ID, flags: 0 },
          },
        });
        for (const guild of mine) frame(ws, { op: 0, t: 'GUILD_CREATE', s: ++seq, d: guild });
      }
      if (payload.op === 6) {
        const [, shard = '0', count = '1'] = String(payload.d.session_id).match(/-(\d+)-(\d+)$/) ?? [];
        shardOf.set(ws, [Number(shard), Number(count)]);
        frame(ws, { op: 0, t: 'RESUMED', s: ++seq, d: {} });
      }
    });
  });

  return {
    /** Every frame the bot sent (IDENTIFY, heartbeats, RESUME), in order. */
    frames,
    /**
     * Sends an event on the shard of its server (`guild_id`), or on shard 0 (direct messages); says on
     * which shard, and to how many connections (none when no process holds that shard).
     */
    dispatch(t: string, d: Json): { shard: number; connections: number } {
      const shard = d.guild_id ? shardOfGuild(d.guild_id, shardCount()) : 0;
      const targets = [...shardOf].filter(([, [id]]) => id === shard).map(([ws]) => ws);
      for (const ws of targets) frame(ws, { op: 0, t, s: ++seq, d });
      return { shard, connections: targets.length };
    },
    /** The shards connected now, by id. */
    connectedShards: () => [...new Set([...shardOf.values()].map(([id]) => id))].sort(),
    /** Closes one shard's connection with a gateway close code (4011: sharding required…). */
    closeShard(shard: number, code: number) {
      for (const [ws, [id]] of shardOf) if (id === shard) ws.close(code);
    },
    stop() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
