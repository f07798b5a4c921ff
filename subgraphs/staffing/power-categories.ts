import type { PowerCategory } from './entities/power-item';

/** 权力清单 categories: the ten statutory kinds plus 公共服务, with their Chinese names. */
export const POWER_CATEGORY_LABELS: Record<PowerCategory, string> = {
  LICENSING: '行政许可',
  PENALTY: '行政处罚',
  COERCION: '行政强制',
  LEVY: '行政征收',
  BENEFIT_PAYMENT: '行政给付',
  INSPECTION: '行政检查',
  CONFIRMATION: '行政确认',
  REWARD: '行政奖励',
  ADJUDICATION: '行政裁决',
  OTHER: '其他',
  PUBLIC_SERVICE: '公共服务',
};

export const POWER_CATEGORIES = Object.keys(POWER_CATEGORY_LABELS) as PowerCategory[];
