// The devices part of the Store: devices registered by signed-in clients and
// the commands (send tab, close tab) queued between them. Filled in by the
// devices work; see store.ts for the conventions every part follows.

export interface DeviceStore {}
