export const nav = {
  workbench: '工作台',
  cases: '案件查询',
  intake: '来电登记',
  map: '综合地图',
  inbox: '消息',
  myQueue: '我的待办',
  profile: '个人设置',
};
