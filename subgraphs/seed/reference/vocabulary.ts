/** Names and texts the generator draws from: departments, functions, duties, categories. */

/** Line departments: name suffix at provincial level, city/county level, and whether 政法. */
export const DEPARTMENTS: ReadonlyArray<{ province: string; local: string; politicalLegal?: boolean }> = [
  { province: '发展和改革委员会', local: '发展和改革委员会' },
  { province: '教育厅', local: '教育局' },
  { province: '科学技术厅', local: '科学技术局' },
  { province: '工业和信息化厅', local: '工业和信息化局' },
  { province: '公安厅', local: '公安局', politicalLegal: true },
  { province: '民政厅', local: '民政局' },
  { province: '司法厅', local: '司法局', politicalLegal: true },
  { province: '财政厅', local: '财政局' },
  { province: '人力资源和社会保障厅', local: '人力资源和社会保障局' },
  { province: '自然资源厅', local: '自然资源和规划局' },
  { province: '生态环境厅', local: '生态环境局' },
  { province: '住房和城乡建设厅', local: '住房和城乡建设局' },
  { province: '交通运输厅', local: '交通运输局' },
  { province: '水利厅', local: '水利局' },
  { province: '农业农村厅', local: '农业农村局' },
  { province: '商务厅', local: '商务局' },
  { province: '文化和旅游厅', local: '文化广电和旅游局' },
  { province: '卫生健康委员会', local: '卫生健康委员会' },
  { province: '退役军人事务厅', local: '退役军人事务局' },
  { province: '应急管理厅', local: '应急管理局' },
  { province: '审计厅', local: '审计局' },
  { province: '市场监督管理局', local: '市场监督管理局' },
  { province: '统计局', local: '统计局' },
  { province: '医疗保障局', local: '医疗保障局' },
  { province: '信访局', local: '信访局' },
  { province: '机构编制委员会办公室', local: '机构编制委员会办公室' },
  { province: '地方金融管理局', local: '地方金融监督管理局' },
  { province: '体育局', local: '体育局' },
  { province: '粮食和物资储备局', local: '粮食和物资储备局' },
  { province: '人民防空办公室', local: '人民防空办公室' },
];

/** 事业单位 name stems; "中心" bodies are public institutions, some civil-service managed. */
export const INSTITUTIONS = [
  '政务服务中心',
  '大数据管理中心',
  '社会保险基金管理中心',
  '住房公积金管理中心',
  '公共资源交易中心',
  '档案馆',
  '疾病预防控制中心',
  '农业技术推广中心',
  '不动产登记中心',
  '机关事务管理中心',
  '信息中心',
  '检验检测中心',
  '人才服务中心',
  '城市管理监察支队',
  '水文水资源勘测局',
  '地震局',
  '气象服务中心',
  '机关幼儿园',
] as const;

export const FUNCTIONS = [
  '贯彻执行国家和省有关方针政策和法律法规',
  '拟订本行业发展规划并组织实施',
  '负责本领域行政审批和监督管理',
  '承担本行业安全生产监督管理责任',
  '组织开展本领域统计和信息化工作',
  '负责本系统预算编制和资金监管',
  '指导下级部门业务工作',
  '承办本级政府交办的其他任务',
  '负责本领域政务公开和政务服务',
  '组织实施本领域执法检查',
] as const;

export const UNIT_NAMES = [
  '办公室',
  '政策法规处',
  '规划财务处',
  '人事处',
  '行政审批处',
  '监督检查处',
  '综合业务处',
  '信息化处',
  '机关党委',
  '安全监管处',
  '社会事务处',
  '统计分析处',
  '执法督查处',
  '科技处',
  '审计处',
] as const;

export const LEGAL_BASES = [
  '《中华人民共和国行政许可法》',
  '《中华人民共和国行政处罚法》',
  '《中华人民共和国行政强制法》',
  '《社会救助暂行办法》',
  '《江苏省行政程序规定》',
  '《中华人民共和国预算法》',
  '《中华人民共和国审计法》',
  '《中华人民共和国统计法》',
  '《江苏省机构编制管理办法》',
  '《中华人民共和国安全生产法》',
] as const;

export const POWER_ITEM_STEMS: Readonly<Record<string, readonly string[]>> = {
  LICENSING: ['资质认定', '经营许可', '设立审批', '建设项目审批'],
  PENALTY: ['违法行为处罚', '违规经营处罚', '违反安全规定处罚'],
  COERCION: ['查封扣押', '强制执行'],
  LEVY: ['费用征收', '基金征收'],
  BENEFIT_PAYMENT: ['最低生活保障金给付', '抚恤金给付', '救助金给付'],
  INSPECTION: ['监督检查', '专项检查', '执法检查'],
  CONFIRMATION: ['资格确认', '登记确认'],
  REWARD: ['先进集体表彰', '举报奖励'],
  ADJUDICATION: ['权属争议裁决', '补偿争议裁决'],
  OTHER: ['备案管理', '年度报告公示'],
  PUBLIC_SERVICE: ['政策咨询服务', '信息查询服务', '证明开具'],
};

export const STAGES = ['受理', '审查', '决定', '送达', '事后监管'] as const;

export const ACCOUNTABILITY_CASES = [
  '对符合法定条件的申请不予受理的',
  '对不符合法定条件的申请人准予许可的',
  '擅自增设条件或收取费用的',
  '未按规定公开办理依据和结果的',
  '玩忽职守造成重大损失的',
  '利用职务便利索取或收受财物的',
] as const;

export const DUTIES = [
  '落实本领域改革发展任务',
  '加强事中事后监管',
  '做好行政审批服务',
  '开展安全生产检查',
  '统筹预算资金管理',
  '推进政务信息共享',
  '组织专项整治行动',
  '承担信访维稳责任',
  '指导基层业务工作',
  '做好统计数据质量管理',
] as const;

/** 审计发现 categories. */
export const AUDIT_CATEGORIES = [
  '违规发放津贴补贴',
  '超预算支出',
  '虚列支出',
  '违规使用公务用车',
  '超标准接待',
  '政府采购不规范',
  '专项资金挪用',
  '财政资金闲置',
  '会计核算不规范',
  '违规出借资金',
  '工程项目管理不规范',
  '国有资产管理不到位',
  '社保基金管理不规范',
  '低保资格审核不严',
  '未及时缴入国库',
  '违规收费',
  '超编制配备人员',
  '超职数配备领导干部',
  '吃空饷',
  '三公经费超支',
] as const;

export const PROCUREMENT_PAYEES = [
  '江苏恒信办公用品有限公司',
  '南京华泰信息技术有限公司',
  '苏州工业园区万达物业管理有限公司',
  '无锡新城建设工程有限公司',
  '江苏邮电印务有限公司',
  '常州天正会务服务有限公司',
] as const;
