/** The fixed list of technical fields (BRIEF.md "Listings"), used by listings, demands and experts. */
export const TECHNICAL_FIELDS = [
  'new_materials',
  'lasers_optics',
  'nuclear',
  'aerodynamics',
  'aero_engines_gas_turbines',
  'electronic_information',
  'navigation_remote_sensing',
  'unmanned_systems',
  'energy_power',
  'advanced_manufacturing',
  'biomedicine',
  'other',
] as const;
export type TechnicalField = (typeof TECHNICAL_FIELDS)[number];

export const TECHNICAL_FIELD_NAMES: Record<TechnicalField, { zh: string; en: string }> = {
  new_materials: { zh: '新材料', en: 'New materials' },
  lasers_optics: { zh: '激光与光学', en: 'Lasers and optics' },
  nuclear: { zh: '核技术', en: 'Nuclear technology' },
  aerodynamics: { zh: '空气动力', en: 'Aerodynamics' },
  aero_engines_gas_turbines: { zh: '航空发动机及燃气轮机', en: 'Aero-engines and gas turbines' },
  electronic_information: { zh: '电子信息', en: 'Electronic information' },
  navigation_remote_sensing: { zh: '导航与遥感', en: 'Navigation and remote sensing' },
  unmanned_systems: { zh: '无人系统', en: 'Unmanned systems' },
  energy_power: { zh: '能源动力', en: 'Energy and power' },
  advanced_manufacturing: { zh: '先进制造', en: 'Advanced manufacturing' },
  biomedicine: { zh: '生物医药', en: 'Biomedicine' },
  other: { zh: '其他', en: 'Other' },
};
