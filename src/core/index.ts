// The pure core: decides from policy and ticket what happens, with reasons; no I/O (see .dependency-cruiser.cjs).
export {};
