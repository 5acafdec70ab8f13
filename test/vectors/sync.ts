// The tokenlib and Hawk vector of sync.md §1.5 (syncstorage-rs's own
// fixture), as data: a token id minted by the Python tokenlib under MASTER,
// and a storage request signed with its key. The same id appears in
// src/sync/tokenlib.test.ts.

export const SYNC_VECTOR = {
  master: 'Ted Koppel is a robot',
  id: 'eyJ1aWQiOiAxLCAibm9kZSI6ICJodHRwOi8vbG9jYWxob3N0OjUwMDAiLCAiZXhwaXJlcyI6IDE4ODQ5Njg0MzkuMCwgImZ4YV91aWQiOiAiMzE5Yjk4Zjk5NjFmZjFkYmRkMDczMTNjZDZiYTkyNWEiLCAiZnhhX2tpZCI6ICJkZTY5N2FkNjZkODQ1YjI4NzNjOWQ3ZTEzYjg5NzFhZiIsICJoYXNoZWRfZnhhX3VpZCI6ICIwZThkZjVkNDEzOThhMzg5OTEzYmQ4NDAyNDM1NjQ5NTE4YWY0NjQ5M2RhMWQ0YTQzN2E0NmRjMTc4NGM1MDFhIiwgImhhc2hlZF9kZXZpY2VfaWQiOiAiMmJjYjkyZjRkNDY5OGMzZDdiMDgzYTNjNjk4YTE2Y2NkNzhiYzJhOGQyMGE5NmU0YmIxMjhkZGNlYWY0ZTBiNiIsICJzYWx0IjogIjJiMzA3YiJ9lXaC5pIOenf7qL1AWlgKFvYH63nakyniTXP-7acS5cw=',
  key: 'dSi3EoZyHwgDp-O9OG1jRHtmbGl2M1bwcWsi04C4F58=',
  request: {
    method: 'GET',
    url: '/storage/1.5/1/storage/col2',
    host: 'localhost',
    port: 5000,
    ts: 1569608439,
    nonce: 'h1Ch4vo=',
    mac: 'UwDpC+DSrHCSTQSfMOWlueB6kM6gHb0Hsv8eU9ZcTVs=',
  },
} as const;
