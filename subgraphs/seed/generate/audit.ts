import type { RectificationStatus } from '../../audit/entities/finding';
import { addDays, dateBetween } from '../calendar';
import { AUDIT_CATEGORIES } from '../reference/vocabulary';
import { DATASET_CALENDAR, plantCount } from '../scales';
import type { GenerationContext } from './context';
import type { Body } from './model';

const { asOf, auditYears } = DATASET_CALENDAR;

interface Project {
  id: number;
  code: string;
  body: Body;
  year: number;
  startedOn: string;
  kind: string;
}
interface Finding {
  id: number;
  project: Project;
  category: string;
  amount: number;
  deadline: string;
  status: RectificationStatus;
  rectifiedOn: string | null;
  powerItemCode: string | null;
}

/**
 * 审计: projects and findings over five years. Normally a body never gets the same finding twice and
 * every finding past its deadline is rectified; the planted cases break exactly those two rules.
 */
export async function generateAudit(ctx: GenerationContext, bodies: Body[]): Promise<void> {
  const rnd = ctx.rnd.fork('audit');
  const projects: Project[] = [];
  const findings: Finding[] = [];
  const used = new Set<string>();
  const newProject = (body: Body, year: number): Project => {
    const startedOn =
      year === 2026 ? dateBetween(rnd, '2026-01-05', '2026-05-31') : dateBetween(rnd, `${year}-03-01`, `${year}-10-31`);
    const project = {
      id: projects.length + 1,
      code: `SJ${year}${String(projects.length + 1).padStart(5, '0')}`,
      body,
      year,
      startedOn,
      kind: rnd.pick(['预算执行审计', '经济责任审计', '专项资金审计']),
    };
    projects.push(project);
    return project;
  };
  const newFinding = (project: Project, category: string): Finding => {
    const deadline = addDays(project.startedOn, 180);
    let status: RectificationStatus = 'COMPLETED';
    let rectifiedOn: string | null = null;
    if (deadline < asOf) {
      rectifiedOn = dateBetween(rnd, addDays(project.startedOn, 30), deadline);
    } else {
      status = rnd.weighted(['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED'] as const, [30, 50, 20]);
      if (status === 'COMPLETED') rectifiedOn = dateBetween(rnd, project.startedOn, asOf);
    }
    const codes = project.body.powerItemCodes;
    const finding: Finding = {
      id: findings.length + 1,
      project,
      category,
      amount: rnd.money(10_000, 5_000_000),
      deadline,
      status,
      rectifiedOn,
      powerItemCode: codes.length && rnd.chance(0.7) ? rnd.pick(codes) : null,
    };
    findings.push(finding);
    return finding;
  };

  for (const year of auditYears) {
    for (let j = 0; j < ctx.scale.auditProjectsPerYear; j++) {
      const project = newProject(rnd.pick(bodies), year);
      for (let k = 0; k < rnd.int(1, 4); k++) {
        const free = AUDIT_CATEGORIES.filter((c) => !used.has(`${project.body.uscc}|${c}`));
        if (!free.length) break;
        const category = rnd.pick(free);
        used.add(`${project.body.uscc}|${category}`);
        newFinding(project, category);
      }
    }
  }

  // The same problem found again in a later year.
  const earlier = findings.filter((f) => f.project.year < auditYears[auditYears.length - 1]!);
  const firstByBody = new Map<number, Finding>();
  for (const f of earlier) if (!firstByBody.has(f.project.body.id)) firstByBody.set(f.project.body.id, f);
  for (const first of rnd.sample([...firstByBody.values()], plantCount('AUDIT_REPEATED', firstByBody.size))) {
    const year = rnd.pick(auditYears.filter((y) => y > first.project.year));
    const again = newFinding(newProject(first.project.body, year), first.category);
    ctx.manifest.anomalies.AUDIT_REPEATED.push({
      responsibleUscc: first.project.body.uscc,
      category: first.category,
      years: [first.project.year, year],
      findingIds: [first.id, again.id],
    });
  }

  // Past the deadline and still not rectified.
  const pastDue = findings.filter((f) => f.deadline < asOf);
  for (const f of rnd.sample(pastDue, plantCount('AUDIT_OVERDUE', pastDue.length))) {
    f.status = rnd.pick(['NOT_STARTED', 'IN_PROGRESS'] as const);
    f.rectifiedOn = null;
  }
  for (const f of findings) {
    if (f.deadline < asOf && f.status !== 'COMPLETED') {
      ctx.manifest.anomalies.AUDIT_OVERDUE.push({
        findingId: f.id,
        responsibleUscc: f.project.body.uscc,
        deadline: f.deadline,
        status: f.status,
      });
    }
  }

  for (const p of projects) {
    await ctx.out.write('audit', 'audit_project', {
      id: p.id,
      code: p.code,
      name: `${p.body.name}${p.year}年度${p.kind}`,
      year: p.year,
      auditee_uscc: p.body.uscc,
      auditee_name: p.body.name,
      region_code: p.body.regionCode,
      started_on: p.startedOn,
    });
  }
  for (const f of findings) {
    const body = f.project.body;
    await ctx.out.write('audit', 'finding', {
      id: f.id,
      project_id: f.project.id,
      category: f.category,
      description: `${body.name}存在${f.category}问题`,
      amount: f.amount,
      responsible_uscc: body.uscc,
      responsible_name: body.name,
      rectification_deadline: f.deadline,
      rectification_status: f.status,
      rectified_on: f.rectifiedOn,
      power_item_code: f.powerItemCode,
      region_code: body.regionCode,
    });
  }
}
