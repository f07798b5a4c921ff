// `npm start`: build if needed, then run the whole stack (stack/start.ts).
require('./build-if-needed').buildIfNeeded();
require('../dist/stack/start');
