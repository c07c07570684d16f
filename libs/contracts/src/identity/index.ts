export * from './audit.dto';
export * from './auth.dto';
export * from './enums';
export * from './expert.dto';
export * from './identity.patterns';
export * from './organisation.dto';
export * from './qualification.dto';
