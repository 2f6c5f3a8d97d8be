/**
 * A small hand-written corpus for synthetic petitions. All sentences are written for this
 * simulator; no third-party message text is used. `{slot}` markers are filled by text-gen.
 */

export interface Topic {
  readonly key: string;
  readonly domain: string;
  readonly types: readonly string[];
  readonly titles: readonly string[];
  readonly openings: readonly string[];
  readonly details: readonly string[];
  readonly asks: readonly string[];
  readonly dept: string;
  readonly keywords: readonly string[];
}

export const topics: readonly Topic[] = [
  {
    key: 'noise', domain: '环保', types: ['投诉/求助', '咨询'], dept: '生态环境局',
    keywords: ['噪音', '扰民', '施工'],
    titles: ['{community}附近夜间施工噪音扰民', '关于{road}沿街商铺噪音问题的投诉', '{community}广场舞音响太吵影响休息'],
    openings: ['我是{district}{community}的居民。', '本人居住在{district}{road}附近。', '您好，我们是{community}的业主。'],
    details: ['最近{months}个月以来，每天晚上十点以后仍有机械施工，声音很大。', '噪音一直持续到凌晨，家里老人和孩子无法入睡。', '多次拨打热线反映，施工方只停了两天又继续。', '附近有几家烧烤店外放音乐，深夜还在营业。'],
    asks: ['恳请相关部门依法查处，还居民一个安静的环境。', '希望领导能督促有关单位限定施工时间。', '请问夜间施工是否办理了许可？'],
  },
  {
    key: 'property', domain: '城建', types: ['投诉/求助', '建言'], dept: '住房和城乡建设局',
    keywords: ['物业', '小区', '维修基金'],
    titles: ['{community}物业服务差收费高', '{community}电梯频繁故障无人维修', '关于{community}维修基金使用不透明的问题'],
    openings: ['我是{community}的业主，入住已经{years}年。', '您好，{district}{community}业主反映问题。'],
    details: ['小区{n}号楼电梯一个月内坏了{times}次，有老人被困。', '物业费每年上涨，但卫生和安保越来越差。', '地下车库漏水严重，物业一直推脱。', '业委会换届拖了{months}个月，维修基金去向不明。'],
    asks: ['请住建部门督促物业公司整改。', '希望公开维修基金的使用明细。', '恳请领导关注，协调解决。'],
  },
  {
    key: 'road', domain: '交通', types: ['投诉/求助', '建言'], dept: '交通运输局',
    keywords: ['道路', '破损', '坑洼'],
    titles: ['{road}路面破损严重', '{road}坑洼积水出行困难', '建议尽快修复{road}人行道'],
    openings: ['{district}{road}是附近居民出行的主要道路。', '本人每天经过{road}上下班。'],
    details: ['路面出现多处大坑，下雨天积水很深，已经有电动车摔倒。', '人行道砖块松动翘起，晚上路灯也不亮。', '这条路破损已经超过{months}个月，没有看到任何维修。'],
    asks: ['请相关部门尽快安排维修。', '希望能在雨季之前修好，保障出行安全。'],
  },
  {
    key: 'wages', domain: '就业', types: ['投诉/求助'], dept: '人力资源和社会保障局',
    keywords: ['拖欠', '工资', '农民工'],
    titles: ['{company}拖欠工资{months}个月', '请求帮助追讨被拖欠的劳务费', '{district}某工地拖欠农民工工资'],
    openings: ['我们是在{district}{company}工地干活的工人，共{n}人。', '本人于去年在{company}工作。'],
    details: ['公司已经拖欠工资{months}个月，合计约{money}元。', '包工头联系不上，公司说钱已经拨给了包工头。', '去劳动监察大队反映过，至今没有结果。', '家里老人看病、孩子上学都等着这笔钱。'],
    asks: ['恳请领导帮助我们讨回血汗钱。', '请人社部门依法督促企业支付工资。'],
  },
  {
    key: 'school', domain: '教育', types: ['咨询', '投诉/求助'], dept: '教育局',
    keywords: ['学位', '入学', '学区'],
    titles: ['{community}孩子入学学位紧张', '咨询{district}小学学区划分政策', '关于随迁子女入学的咨询'],
    openings: ['我家孩子今年满六周岁，户籍在{district}。', '我们在{community}购房已经{years}年。'],
    details: ['今年学区调整后，小区被划到了离家{n}公里外的学校。', '对口学校说学位已满，让我们等待统筹安排。', '我们是外地务工人员，居住证和社保都已满一年。'],
    asks: ['请问我们应该准备哪些材料？', '希望教育部门合理规划学位。', '恳请给个明确答复。'],
  },
  {
    key: 'insurance', domain: '医疗', types: ['咨询', '投诉/求助'], dept: '医疗保障局',
    keywords: ['医保', '报销', '异地就医'],
    titles: ['异地就医医保报销问题咨询', '{district}医保卡无法正常使用', '关于门诊慢特病报销比例的咨询'],
    openings: ['本人是{province}参保人员，目前在外地工作。', '我母亲患有慢性病，长期在{district}医院就诊。'],
    details: ['办理了异地备案，但在医院结算时仍然提示未备案。', '报销材料交上去{months}个月了，一直没有到账。', '窗口工作人员说系统升级，让我们反复跑了{times}趟。'],
    asks: ['请问具体应该怎么办理？', '希望简化报销流程。', '恳请医保部门核实处理。'],
  },
  {
    key: 'utility', domain: '城建', types: ['投诉/求助'], dept: '城市管理局',
    keywords: ['停水', '停电', '供暖'],
    titles: ['{community}频繁停水停电', '{community}停水{n}天无人通知', '冬季供暖温度不达标'],
    openings: ['{district}{community}近期问题很多。', '您好，我是{community}的住户。'],
    details: ['这个月已经停水{times}次，每次都没有提前通知。', '夏天高温时段经常停电，家里冰箱里的东西都坏了。', '打供水公司电话一直占线。', '室内温度只有十几度，老人孩子都冻感冒了。'],
    asks: ['请有关部门查明原因并提前公告。', '希望尽快解决，保障基本生活。'],
  },
  {
    key: 'illegal-build', domain: '城建', types: ['投诉/求助'], dept: '城市管理综合执法局',
    keywords: ['违建', '违章', '私搭乱建'],
    titles: ['{community}顶楼违建无人查处', '举报{road}旁私搭乱建', '{community}一楼住户私自扩建院子'],
    openings: ['我是{community}的住户。', '{district}{road}附近有一处违章建筑。'],
    details: ['有住户在楼顶加盖了彩钢房，已经影响楼体安全。', '一楼住户侵占公共绿地扩建院子，堵住了消防通道。', '向街道反映{times}次，执法人员来看过后就没了下文。'],
    asks: ['请依法拆除违建。', '恳请执法部门尽快处理。'],
  },
  {
    key: 'bus', domain: '交通', types: ['建言', '咨询'], dept: '交通运输局',
    keywords: ['公交', '线路', '班次'],
    titles: ['建议增设{road}公交站点', '关于{n}路公交班次太少的建议', '{community}附近公交线路调整后出行不便'],
    openings: ['{community}周边有上万居民。', '我每天乘坐{n}路公交上下班。'],
    details: ['早高峰等车超过半小时，车上非常拥挤。', '线路调整后，最近的站点要走{n}公里。', '附近新开了学校和医院，公交却一直没有跟上。'],
    asks: ['建议增加高峰时段班次。', '希望恢复原来的线路或增设站点。'],
  },
  {
    key: 'thanks', domain: '政务', types: ['感谢'], dept: '政务服务中心',
    keywords: ['感谢', '点赞', '办事'],
    titles: ['感谢{district}政务服务中心的工作人员', '为{district}的高效办事点赞'],
    openings: ['前几天我到{district}政务服务中心办理业务。', '我的问题上次在这里留言后得到了解决。'],
    details: ['工作人员耐心解答，一次就办好了。', '从提交材料到办结只用了{n}天。', '相关部门多次电话回访，态度非常好。'],
    asks: ['特此留言表示感谢！', '希望这样的作风继续保持。'],
  },
] as const;

export const communities = ['阳光花园', '锦绣家园', '幸福里', '滨江小区', '翠湖苑', '金桂园', '和平新村', '丽景湾', '东方名苑', '书香门第', '康乐小区', '世纪城'] as const;
export const roads = ['建设路', '人民路', '解放大道', '中山路', '滨河路', '新华街', '长安路', '迎宾大道', '学府路', '工业园路'] as const;
export const districts = ['城关区', '高新区', '经开区', '新城区', '东城区', '西城区', '南湖区', '北湖区'] as const;
export const companies = ['某建筑劳务公司', '某装饰工程公司', '某物流公司', '某餐饮公司', '某置业公司'] as const;
export const surnames = ['陈', '李', '王', '张', '刘', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'] as const;
export const sources = ['PC浏览器', '手机浏览器', '微信小程序', '人民网+客户端'] as const;

export const replyOpenings = ['网友您好，您反映的问题已收悉。', '尊敬的网友：您好！', '感谢您对我们工作的关心和支持。'] as const;
export const replyBodies = [
  '经核查，您反映的情况基本属实。我单位已责成相关责任单位进行整改。',
  '我局工作人员已于近日到现场进行调查，并与相关方进行了沟通协调。',
  '目前该问题已列入年度工作计划，预计在{months}个月内完成。',
  '相关单位已作出书面承诺，将于近期处理完毕。',
] as const;
export const replyClosings = ['如有疑问，可拨打12345热线咨询。', '感谢您的监督，欢迎继续提出宝贵意见。', '特此回复。'] as const;
export const evaluationTexts = ['问题已经解决，感谢！', '回复及时，态度很好。', '处理了一部分，希望继续跟进。', '还没有实际解决。', '非常满意，点赞！'] as const;
