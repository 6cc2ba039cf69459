// The list of outbox consumers, one import each (acknowledgements, webhooks, …).
export {};
