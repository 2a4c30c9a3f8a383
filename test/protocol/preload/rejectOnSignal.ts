/**
 * Preloaded into the language server's process by faults.test.ts (`node --require`):
 * when the process gets SIGUSR2, a promise rejects and nothing handles it, as when a
 * dependency forgets a `catch`. The server must log it and keep serving.
 */
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('left unhandled by the test'));
});
