// Library logs (pino) stay quiet in tests unless asked for: a passing test prints nothing.
process.env['LOG_LEVEL'] ??= 'silent';
