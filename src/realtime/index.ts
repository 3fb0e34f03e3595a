// The socket.io edge: handshake auth, subscriptions with snapshots, the replay ring, cluster events.
export {};
