// The few WebAssembly globals the schema engine loader uses. Node has them; @types/node 20
// does not declare them, and lib "dom" would bring the whole browser into server code.
declare namespace WebAssembly {
  type ModuleImports = Record<string, unknown>;
  type Imports = Record<string, ModuleImports>;
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, unknown>;
  }
}
