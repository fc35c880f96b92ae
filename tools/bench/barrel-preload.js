// Benchmark baseline only (tools/bench/bench.ts): makes the app pay what barrel imports cost.
// `import { EcsCluster } from "@cdktf/provider-aws"` loads the package root, whose index
// eagerly requires every one of the provider's ~1,500 resource modules. Preloading the root
// before main.ts reproduces that; the app's own deep imports then hit the module cache.
"use strict";
require("@cdktf/provider-aws");
