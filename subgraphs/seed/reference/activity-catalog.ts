/** The two-level activity catalog: level 1 set nationally, level 2 defined locally (region code). */
export const LEVEL1: ReadonlyArray<{ code: string; name: string; hours: number }> = [
  { code: '01', name: '政务服务', hours: 4 },
  { code: '02', name: '会议活动', hours: 3 },
  { code: '03', name: '公务出差', hours: 8 },
  { code: '04', name: '调研督查', hours: 6 },
  { code: '05', name: '文件办理', hours: 2 },
  { code: '06', name: '学习培训', hours: 6 },
  { code: '07', name: '公务接待', hours: 3 },
  { code: '08', name: '信访接待', hours: 3 },
];

export const LEVEL2: ReadonlyArray<{ code: string; name: string; regionCode: string; hours: number }> = [
  { code: '0101', name: '窗口办件', regionCode: '320000', hours: 4 },
  { code: '0102', name: '上门服务', regionCode: '320000', hours: 4 },
  { code: '0201', name: '内部会议', regionCode: '320000', hours: 2 },
  { code: '0202', name: '外部会议', regionCode: '320000', hours: 4 },
  { code: '0203', name: '视频会议', regionCode: '320000', hours: 2 },
  { code: '0301', name: '省内出差', regionCode: '320000', hours: 8 },
  { code: '0302', name: '省外出差', regionCode: '320000', hours: 8 },
  { code: '0401', name: '基层调研', regionCode: '320000', hours: 6 },
  { code: '0402', name: '专项督查', regionCode: '320000', hours: 6 },
  { code: '0403', name: '营商环境督查', regionCode: '320500', hours: 6 },
  { code: '0501', name: '公文起草', regionCode: '320000', hours: 3 },
  { code: '0502', name: '公文审核', regionCode: '320000', hours: 2 },
  { code: '0601', name: '集中培训', regionCode: '320000', hours: 6 },
  { code: '0602', name: '在线学习', regionCode: '320000', hours: 2 },
  { code: '0701', name: '来宾接待', regionCode: '320000', hours: 3 },
  { code: '0801', name: '来信办理', regionCode: '320000', hours: 2 },
  { code: '0802', name: '来访接待', regionCode: '320100', hours: 3 },
];

export function level2Under(level1: string): string[] {
  return LEVEL2.filter((c) => c.code.startsWith(level1)).map((c) => c.code);
}
