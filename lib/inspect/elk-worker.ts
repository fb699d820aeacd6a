// ELK's layout engine as a Web Worker of its own: the bundled engine
// registers its message handler on the worker scope when it loads, and
// elk-api on the page talks to it (see elk-client.ts).
import 'elkjs/lib/elk-worker.min.js';
