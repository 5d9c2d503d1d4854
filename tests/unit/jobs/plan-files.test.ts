import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadTaskPlan, loadTowns, parseTaskPlan, plan2026File } from '../../../jobs/plan/task-plan.js';

const now = new Date('2026-04-01T00:00:00Z');

describe('jobs/plan files', () => {
  it('towns.yaml lists the 16 towns of 泽州县 with slug ids', async () => {
    const towns = await loadTowns();
    expect(towns).toHaveLength(16);
    expect(towns.find((t) => t.id === 'bagong')).toEqual({ id: 'bagong', name: '巴公镇', groupChats: [], centre: { lat: 35.61, lng: 112.88 } });
    // Every town has a centre inside the county, so 自动派单 can place a located report in any of them.
    expect(towns.filter((t) => !t.centre)).toEqual([]);
  });

  it('2026.yaml holds the notice’s dated town tasks, all month-ends of 2026', async () => {
    const towns = (await loadTowns()).map((t) => t.id);
    const tasks = await loadTaskPlan(towns, now);
    expect(tasks.map((t) => t.due).filter((d, i, a) => a.indexOf(d) === i)).toEqual([
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-10-31',
      '2026-11-30',
      '2026-12-31',
    ]);
    expect(tasks.find((t) => t.id === 'basic-ledger')).toMatchObject({ attachmentRequired: true, townIds: towns, source: 'plan' });
    expect(tasks.length).toBeGreaterThanOrEqual(15);
  });

  it('rejects a bad plan listing every problem at once', async () => {
    const text = (await readFile(plan2026File, 'utf8'))
      .replace('due: 2026-05-31', 'due: 2026-05-32')
      .replace('due: 2026-07-31', 'due: 2026-07-31\n    towns: [bagong, atlantis]')
      .replace('id: hazchem-units', 'id: hazardous-work');
    let problems: string[] = [];
    try {
      parseTaskPlan(text, ['bagong'], now, '2026.yaml');
    } catch (e) {
      problems = (e as { details?: { problems: string[] } }).details?.problems ?? [];
    }
    expect(problems).toEqual(['tasks.0.due: must be a calendar day YYYY-MM-DD']);
    const noSchemaError = text.replace('due: 2026-05-32', 'due: 2025-05-31');
    expect(() => parseTaskPlan(noSchemaError, ['bagong'], now, '2026.yaml')).toThrow(
      /2026\.yaml is invalid:\n {2}- tasks\.0 \(basic-ledger\): due 2025-05-31 is not in 2026\n {2}- tasks\.3 \(dynamic-database\): unknown town "atlantis"\n {2}- tasks\.7 \(hazardous-work\): duplicate id/,
    );
  });
});
