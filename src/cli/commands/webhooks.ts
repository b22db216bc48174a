import type { Command } from 'commander';
import type { WebhookAttemptView, WebhookView } from '../../api/webhooks.js';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { age, bold, printJson, printLine, printTable } from '../output.js';
import { parseCount } from '../parse-options.js';

interface AddOptions {
  events: string;
  secret?: string;
  json?: boolean;
}

function result(attempt: WebhookAttemptView): string {
  return attempt.status !== null && attempt.error === null
    ? String(attempt.status)
    : (attempt.error ?? `HTTP ${attempt.status}`);
}

function retry(attempt: WebhookAttemptView): string {
  return attempt.retryInMs === null ? '-' : `retry in ${attempt.retryInMs} ms`;
}

function printWebhooks(webhooks: WebhookView[]): void {
  printTable(
    ['ID', 'URL', 'EVENTS', 'CREATED', 'LAST DELIVERY'],
    webhooks.map((webhook) => [
      webhook.id,
      webhook.url,
      webhook.events,
      `${age(webhook.createdAt)} ago`,
      webhook.lastAttempt
        ? `${result(webhook.lastAttempt)} ${age(webhook.lastAttempt.at)} ago`
        : '-',
    ]),
  );
}

function printAttempts(attempts: WebhookAttemptView[]): void {
  printTable(
    ['TIME', 'ATTEMPT', 'EVENT', 'RESULT', 'DURATION', 'NEXT', 'DELIVERY'],
    attempts.map((attempt) => [
      attempt.at,
      String(attempt.attempt),
      attempt.eventId === null ? attempt.eventType : `${attempt.eventType} #${attempt.eventId}`,
      result(attempt),
      `${attempt.durationMs} ms`,
      retry(attempt),
      attempt.deliveryId,
    ]),
  );
}

export function registerWebhooks(program: Command, ctx: CliContext): void {
  const webhooks = program
    .command('webhooks')
    .description(
      'List webhooks: signed POSTs of activity events to your URLs (see docs/webhooks.md)',
    )
    .option('--json', 'print the webhooks as a JSON array')
    .addHelpText(
      'after',
      "\nExamples:\n  pd webhooks add http://127.0.0.1:8080/hook --events 'claim.*,lock.released'\n  pd webhooks\n  pd webhooks test wh_0123456789ab\n  pd webhooks log wh_0123456789ab\n  pd webhooks rm wh_0123456789ab",
    )
    .action(async (options: { json?: boolean }) => {
      const { webhooks: list } = await ctx.call((client) => client.webhooks.list());
      if (options.json) return printJson(list);
      if (list.length === 0) return printLine('no webhooks');
      printWebhooks(list);
    });

  webhooks
    .command('add')
    .alias('subscribe')
    .description('POST each matching activity event to <url>, signed with HMAC-SHA256')
    .argument('<url>', 'an http:// or https:// URL')
    .requiredOption(
      '--events <patterns>',
      "comma-separated types or patterns, '*' matching any text: claim.*, lock.released, *",
    )
    .option('--secret <secret>', 'signing key, 8+ characters (default: generated and shown once)')
    .option('--json', 'print the webhook and its secret as JSON')
    .action(async (url: string, options: AddOptions) => {
      const added = await ctx.call((client) =>
        client.webhooks.add({ url, events: options.events, secret: options.secret }),
      );
      if (options.json) return printJson(added);
      const { webhook, secret } = added;
      printLine(`added ${bold(webhook.id)}: POST ${webhook.url} on ${webhook.events}`);
      if (options.secret === undefined) {
        printLine(`secret: ${secret}`);
        printLine('(shown only now: keep it to verify the X-PortDaddy-Signature header)');
      }
    });

  webhooks
    .command('rm')
    .description('Remove a webhook; its pending retries are dropped')
    .argument('<id>', 'webhook id, e.g. wh_0123456789ab')
    .option('--json', 'print the removed webhook as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const { removed } = await ctx.call((client) => client.webhooks.remove(id));
      if (options.json) return printJson({ removed });
      printLine(`removed ${removed.id} (${removed.url})`);
    });

  webhooks
    .command('test')
    .description('Send a webhook.test event now and print how the first attempt went')
    .argument('<id>', 'webhook id')
    .option('--json', 'print the attempt as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const { attempt } = await ctx.call((client) => client.webhooks.test(id));
      if (options.json) printJson(attempt);
      const failed = attempt.error !== null;
      if (!options.json) {
        printLine(
          `test delivery ${attempt.deliveryId}: ${result(attempt)} in ${attempt.durationMs} ms` +
            (attempt.retryInMs === null ? '' : `; retrying in ${attempt.retryInMs} ms`),
        );
      }
      if (failed) throw new CliError(`test delivery failed: ${result(attempt)}`, EXIT.FAILED);
    });

  webhooks
    .command('log')
    .description('Every delivery attempt of a webhook: time, attempt, status or error, duration')
    .argument('<id>', 'webhook id')
    .option('--limit <n>', 'the newest n attempts (default 100)', parseCount)
    .option('--json', 'print the attempts as a JSON array')
    .action(async (id: string, options: { limit?: number; json?: boolean }) => {
      const { attempts } = await ctx.call((client) => client.webhooks.attempts(id, options.limit));
      if (options.json) return printJson(attempts);
      if (attempts.length === 0) return printLine('no deliveries yet');
      printAttempts(attempts);
    });
}
