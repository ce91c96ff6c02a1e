using System.Collections.Frozen;

namespace OmenDb.Engine.PgCatalog;

/// <summary>
/// The pg_catalog and information_schema relations with PostgreSQL 15's OIDs and columns (copied from the
/// reference server's pg_attribute; information_schema domains are given as their base types). Producers for the
/// relations that have rows here are set in the partial files; the rest are empty, as pg_policy or pg_inherits are
/// in a database without policies or inheritance.
/// </summary>
internal static partial class SystemTables
{
    private static readonly SystemTable[] s_tables =
    [
        new("pg_catalog", "pg_type", 1247, 'r', "oid:oid,typname:name,typnamespace:oid,typowner:oid,typlen:smallint,typbyval:boolean,typtype:char,typcategory:char,typispreferred:boolean,typisdefined:boolean,typdelim:char,typrelid:oid,typsubscript:regproc,typelem:oid,typarray:oid,typinput:regproc,typoutput:regproc,typreceive:regproc,typsend:regproc,typmodin:regproc,typmodout:regproc,typanalyze:regproc,typalign:char,typstorage:char,typnotnull:boolean,typbasetype:oid,typtypmod:integer,typndims:integer,typcollation:oid,typdefaultbin:pg_node_tree,typdefault:text,typacl:aclitem[]"),
        new("pg_catalog", "pg_class", 1259, 'r', "oid:oid,relname:name,relnamespace:oid,reltype:oid,reloftype:oid,relowner:oid,relam:oid,relfilenode:oid,reltablespace:oid,relpages:integer,reltuples:real,relallvisible:integer,reltoastrelid:oid,relhasindex:boolean,relisshared:boolean,relpersistence:char,relkind:char,relnatts:smallint,relchecks:smallint,relhasrules:boolean,relhastriggers:boolean,relhassubclass:boolean,relrowsecurity:boolean,relforcerowsecurity:boolean,relispopulated:boolean,relreplident:char,relispartition:boolean,relrewrite:oid,relfrozenxid:xid,relminmxid:xid,relacl:aclitem[],reloptions:text[],relpartbound:pg_node_tree"),
        new("pg_catalog", "pg_namespace", 2615, 'r', "oid:oid,nspname:name,nspowner:oid,nspacl:aclitem[]"),
        new("pg_catalog", "pg_attribute", 1249, 'r', "attrelid:oid,attname:name,atttypid:oid,attstattarget:integer,attlen:smallint,attnum:smallint,attndims:integer,attcacheoff:integer,atttypmod:integer,attbyval:boolean,attalign:char,attstorage:char,attcompression:char,attnotnull:boolean,atthasdef:boolean,atthasmissing:boolean,attidentity:char,attgenerated:char,attisdropped:boolean,attislocal:boolean,attinhcount:integer,attcollation:oid,attacl:aclitem[],attoptions:text[],attfdwoptions:text[],attmissingval:anyarray"),
        new("pg_catalog", "pg_attrdef", 2604, 'r', "oid:oid,adrelid:oid,adnum:smallint,adbin:pg_node_tree"),
        new("pg_catalog", "pg_constraint", 2606, 'r', "oid:oid,conname:name,connamespace:oid,contype:char,condeferrable:boolean,condeferred:boolean,convalidated:boolean,conrelid:oid,contypid:oid,conindid:oid,conparentid:oid,confrelid:oid,confupdtype:char,confdeltype:char,confmatchtype:char,conislocal:boolean,coninhcount:integer,connoinherit:boolean,conkey:smallint[],confkey:smallint[],conpfeqop:oid[],conppeqop:oid[],conffeqop:oid[],confdelsetcols:smallint[],conexclop:oid[],conbin:pg_node_tree"),
        new("pg_catalog", "pg_index", 2610, 'r', "indexrelid:oid,indrelid:oid,indnatts:smallint,indnkeyatts:smallint,indisunique:boolean,indnullsnotdistinct:boolean,indisprimary:boolean,indisexclusion:boolean,indimmediate:boolean,indisclustered:boolean,indisvalid:boolean,indcheckxmin:boolean,indisready:boolean,indislive:boolean,indisreplident:boolean,indkey:int2vector,indcollation:oidvector,indclass:oidvector,indoption:int2vector,indexprs:pg_node_tree,indpred:pg_node_tree"),
        new("pg_catalog", "pg_proc", 1255, 'r', "oid:oid,proname:name,pronamespace:oid,proowner:oid,prolang:oid,procost:real,prorows:real,provariadic:oid,prosupport:regproc,prokind:char,prosecdef:boolean,proleakproof:boolean,proisstrict:boolean,proretset:boolean,provolatile:char,proparallel:char,pronargs:smallint,pronargdefaults:smallint,prorettype:oid,proargtypes:oidvector,proallargtypes:oid[],proargmodes:char[],proargnames:text[],proargdefaults:pg_node_tree,protrftypes:oid[],prosrc:text,probin:text,prosqlbody:pg_node_tree,proconfig:text[],proacl:aclitem[]"),
        new("pg_catalog", "pg_database", 1262, 'r', "oid:oid,datname:name,datdba:oid,encoding:integer,datlocprovider:char,datistemplate:boolean,datallowconn:boolean,datconnlimit:integer,datfrozenxid:xid,datminmxid:xid,dattablespace:oid,datcollate:text,datctype:text,daticulocale:text,datcollversion:text,datacl:aclitem[]"),
        new("pg_catalog", "pg_roles", 12000, 'v', "rolname:name,rolsuper:boolean,rolinherit:boolean,rolcreaterole:boolean,rolcreatedb:boolean,rolcanlogin:boolean,rolreplication:boolean,rolconnlimit:integer,rolpassword:text,rolvaliduntil:timestamp with time zone,rolbypassrls:boolean,rolconfig:text[],oid:oid"),
        new("pg_catalog", "pg_authid", 1260, 'r', "oid:oid,rolname:name,rolsuper:boolean,rolinherit:boolean,rolcreaterole:boolean,rolcreatedb:boolean,rolcanlogin:boolean,rolreplication:boolean,rolbypassrls:boolean,rolconnlimit:integer,rolpassword:text,rolvaliduntil:timestamp with time zone"),
        new("pg_catalog", "pg_user", 12014, 'v', "usename:name,usesysid:oid,usecreatedb:boolean,usesuper:boolean,userepl:boolean,usebypassrls:boolean,passwd:text,valuntil:timestamp with time zone,useconfig:text[]"),
        new("pg_catalog", "pg_settings", 12104, 'v', "name:text,setting:text,unit:text,category:text,short_desc:text,extra_desc:text,context:text,vartype:text,source:text,min_val:text,max_val:text,enumvals:text[],boot_val:text,reset_val:text,sourcefile:text,sourceline:integer,pending_restart:boolean"),
        new("pg_catalog", "pg_description", 2609, 'r', "objoid:oid,classoid:oid,objsubid:integer,description:text"),
        new("pg_catalog", "pg_am", 2601, 'r', "oid:oid,amname:name,amhandler:regproc,amtype:char"),
        new("pg_catalog", "pg_range", 3541, 'r', "rngtypid:oid,rngsubtype:oid,rngmultitypid:oid,rngcollation:oid,rngsubopc:oid,rngcanonical:regproc,rngsubdiff:regproc"),
        new("pg_catalog", "pg_enum", 3501, 'r', "oid:oid,enumtypid:oid,enumsortorder:real,enumlabel:name"),
        new("pg_catalog", "pg_inherits", 2611, 'r', "inhrelid:oid,inhparent:oid,inhseqno:integer,inhdetachpending:boolean"),
        new("pg_catalog", "pg_policy", 3256, 'r', "oid:oid,polname:name,polrelid:oid,polcmd:char,polpermissive:boolean,polroles:oid[],polqual:pg_node_tree,polwithcheck:pg_node_tree"),
        new("pg_catalog", "pg_collation", 3456, 'r', "oid:oid,collname:name,collnamespace:oid,collowner:oid,collprovider:char,collisdeterministic:boolean,collencoding:integer,collcollate:text,collctype:text,colliculocale:text,collversion:text"),
        new("pg_catalog", "pg_extension", 3079, 'r', "oid:oid,extname:name,extowner:oid,extnamespace:oid,extrelocatable:boolean,extversion:text,extconfig:oid[],extcondition:text[]"),
        new("pg_catalog", "pg_tablespace", 1213, 'r', "oid:oid,spcname:name,spcowner:oid,spcacl:aclitem[],spcoptions:text[]"),
        new("pg_catalog", "pg_sequence", 2224, 'r', "seqrelid:oid,seqtypid:oid,seqstart:bigint,seqincrement:bigint,seqmax:bigint,seqmin:bigint,seqcache:bigint,seqcycle:boolean"),
        new("pg_catalog", "pg_depend", 2608, 'r', "classid:oid,objid:oid,objsubid:integer,refclassid:oid,refobjid:oid,refobjsubid:integer,deptype:char"),
        new("pg_catalog", "pg_trigger", 2620, 'r', "oid:oid,tgrelid:oid,tgparentid:oid,tgname:name,tgfoid:oid,tgtype:smallint,tgenabled:char,tgisinternal:boolean,tgconstrrelid:oid,tgconstrindid:oid,tgconstraint:oid,tgdeferrable:boolean,tginitdeferred:boolean,tgnargs:smallint,tgattr:int2vector,tgargs:bytea,tgqual:pg_node_tree,tgoldtable:name,tgnewtable:name"),
        new("pg_catalog", "pg_rewrite", 2618, 'r', "oid:oid,rulename:name,ev_class:oid,ev_type:char,ev_enabled:char,is_instead:boolean,ev_qual:pg_node_tree,ev_action:pg_node_tree"),
        new("pg_catalog", "pg_statistic_ext", 3381, 'r', "oid:oid,stxrelid:oid,stxname:name,stxnamespace:oid,stxowner:oid,stxstattarget:integer,stxkeys:int2vector,stxkind:char[],stxexprs:pg_node_tree"),
        new("pg_catalog", "pg_publication", 6104, 'r', "oid:oid,pubname:name,pubowner:oid,puballtables:boolean,pubinsert:boolean,pubupdate:boolean,pubdelete:boolean,pubtruncate:boolean,pubviaroot:boolean"),
        new("pg_catalog", "pg_publication_rel", 6106, 'r', "oid:oid,prpubid:oid,prrelid:oid,prqual:pg_node_tree,prattrs:int2vector"),
        new("pg_catalog", "pg_publication_namespace", 6237, 'r', "oid:oid,pnpubid:oid,pnnspid:oid"),
        new("pg_catalog", "pg_partitioned_table", 3350, 'r', "partrelid:oid,partstrat:char,partnatts:smallint,partdefid:oid,partattrs:int2vector,partclass:oidvector,partcollation:oidvector,partexprs:pg_node_tree"),
        new("pg_catalog", "pg_auth_members", 1261, 'r', "roleid:oid,member:oid,grantor:oid,admin_option:boolean"),
        new("pg_catalog", "pg_shdescription", 2396, 'r', "objoid:oid,classoid:oid,description:text"),
        new("pg_catalog", "pg_operator", 2617, 'r', "oid:oid,oprname:name,oprnamespace:oid,oprowner:oid,oprkind:char,oprcanmerge:boolean,oprcanhash:boolean,oprleft:oid,oprright:oid,oprresult:oid,oprcom:oid,oprnegate:oid,oprcode:regproc,oprrest:regproc,oprjoin:regproc"),
        new("pg_catalog", "pg_cast", 2605, 'r', "oid:oid,castsource:oid,casttarget:oid,castfunc:oid,castcontext:char,castmethod:char"),
        new("pg_catalog", "pg_language", 2612, 'r', "oid:oid,lanname:name,lanowner:oid,lanispl:boolean,lanpltrusted:boolean,lanplcallfoid:oid,laninline:oid,lanvalidator:oid,lanacl:aclitem[]"),
        new("pg_catalog", "pg_stat_activity", 12222, 'v', "datid:oid,datname:name,pid:integer,leader_pid:integer,usesysid:oid,usename:name,application_name:text,client_addr:inet,client_hostname:text,client_port:integer,backend_start:timestamp with time zone,xact_start:timestamp with time zone,query_start:timestamp with time zone,state_change:timestamp with time zone,wait_event_type:text,wait_event:text,state:text,backend_xid:xid,backend_xmin:xid,query_id:bigint,query:text,backend_type:text"),
        new("pg_catalog", "pg_stat_progress_create_index", 12312, 'v', "pid:integer,datid:oid,datname:name,relid:oid,index_relid:oid,command:text,phase:text,lockers_total:bigint,lockers_done:bigint,current_locker_pid:bigint,blocks_total:bigint,blocks_done:bigint,tuples_total:bigint,tuples_done:bigint,partitions_total:bigint,partitions_done:bigint"),
        new("pg_catalog", "pg_cursors", 12077, 'v', "name:text,statement:text,is_holdable:boolean,is_binary:boolean,is_scrollable:boolean,creation_time:timestamp with time zone"),
        new("pg_catalog", "pg_sequences", 12048, 'v', "schemaname:name,sequencename:name,sequenceowner:name,data_type:regtype,start_value:bigint,min_value:bigint,max_value:bigint,increment_by:bigint,cycle:boolean,cache_size:bigint,last_value:bigint"),
        new("pg_catalog", "pg_tables", 12033, 'v', "schemaname:name,tablename:name,tableowner:name,tablespace:name,hasindexes:boolean,hasrules:boolean,hastriggers:boolean,rowsecurity:boolean"),
        new("pg_catalog", "pg_views", 12028, 'v', "schemaname:name,viewname:name,viewowner:name,definition:text"),
        new("pg_catalog", "pg_indexes", 12043, 'v', "schemaname:name,tablename:name,indexname:name,tablespace:name,indexdef:text"),
        new("pg_catalog", "pg_matviews", 12038, 'v', "schemaname:name,matviewname:name,matviewowner:name,tablespace:name,hasindexes:boolean,ispopulated:boolean,definition:text"),
        new("pg_catalog", "pg_prepared_statements", 12095, 'v', "name:text,statement:text,prepare_time:timestamp with time zone,parameter_types:regtype[],from_sql:boolean,generic_plans:bigint,custom_plans:bigint"),
        new("pg_catalog", "pg_opclass", 2616, 'r', "oid:oid,opcmethod:oid,opcname:name,opcnamespace:oid,opcowner:oid,opcfamily:oid,opcintype:oid,opcdefault:boolean,opckeytype:oid"),
        new("pg_catalog", "pg_foreign_table", 3118, 'r', "ftrelid:oid,ftserver:oid,ftoptions:text[]"),
        new("pg_catalog", "pg_foreign_server", 1417, 'r', "oid:oid,srvname:name,srvowner:oid,srvfdw:oid,srvtype:text,srvversion:text,srvacl:aclitem[],srvoptions:text[]"),
        new("pg_catalog", "pg_event_trigger", 3466, 'r', "oid:oid,evtname:name,evtevent:name,evtowner:oid,evtfoid:oid,evtenabled:char,evttags:text[]"),
        new("pg_catalog", "pg_conversion", 2607, 'r', "oid:oid,conname:name,connamespace:oid,conowner:oid,conforencoding:integer,contoencoding:integer,conproc:regproc,condefault:boolean"),
        new("pg_catalog", "pg_ts_config", 3602, 'r', "oid:oid,cfgname:name,cfgnamespace:oid,cfgowner:oid,cfgparser:oid"),
        new("pg_catalog", "pg_aggregate", 2600, 'r', "aggfnoid:regproc,aggkind:char,aggnumdirectargs:smallint,aggtransfn:regproc,aggfinalfn:regproc,aggcombinefn:regproc,aggserialfn:regproc,aggdeserialfn:regproc,aggmtransfn:regproc,aggminvtransfn:regproc,aggmfinalfn:regproc,aggfinalextra:boolean,aggmfinalextra:boolean,aggfinalmodify:char,aggmfinalmodify:char,aggsortop:oid,aggtranstype:oid,aggtransspace:integer,aggmtranstype:oid,aggmtransspace:integer,agginitval:text,aggminitval:text"),
        new("pg_catalog", "pg_locks", 12073, 'v', "locktype:text,database:oid,relation:oid,page:integer,tuple:smallint,virtualxid:text,transactionid:xid,classid:oid,objid:oid,objsubid:smallint,virtualtransaction:text,pid:integer,mode:text,granted:boolean,fastpath:boolean,waitstart:timestamp with time zone"),
        new("pg_catalog", "pg_stat_user_tables", 12161, 'v', "relid:oid,schemaname:name,relname:name,seq_scan:bigint,seq_tup_read:bigint,idx_scan:bigint,idx_tup_fetch:bigint,n_tup_ins:bigint,n_tup_upd:bigint,n_tup_del:bigint,n_tup_hot_upd:bigint,n_live_tup:bigint,n_dead_tup:bigint,n_mod_since_analyze:bigint,n_ins_since_vacuum:bigint,last_vacuum:timestamp with time zone,last_autovacuum:timestamp with time zone,last_analyze:timestamp with time zone,last_autoanalyze:timestamp with time zone,vacuum_count:bigint,autovacuum_count:bigint,analyze_count:bigint,autoanalyze_count:bigint"),
        new("pg_catalog", "pg_statio_user_tables", 12179, 'v', "relid:oid,schemaname:name,relname:name,heap_blks_read:bigint,heap_blks_hit:bigint,idx_blks_read:bigint,idx_blks_hit:bigint,toast_blks_read:bigint,toast_blks_hit:bigint,tidx_blks_read:bigint,tidx_blks_hit:bigint"),
        new("pg_catalog", "pg_available_extensions", 12081, 'v', "name:name,default_version:text,installed_version:text,comment:text"),
        new("pg_catalog", "pg_foreign_data_wrapper", 2328, 'r', "oid:oid,fdwname:name,fdwowner:oid,fdwhandler:oid,fdwvalidator:oid,fdwacl:aclitem[],fdwoptions:text[]"),
        new("pg_catalog", "pg_user_mapping", 1418, 'r', "oid:oid,umuser:oid,umserver:oid,umoptions:text[]"),
        new("pg_catalog", "pg_default_acl", 826, 'r', "oid:oid,defaclrole:oid,defaclnamespace:oid,defaclobjtype:char,defaclacl:aclitem[]"),
        new("pg_catalog", "pg_init_privs", 3394, 'r', "objoid:oid,classoid:oid,objsubid:integer,privtype:char,initprivs:aclitem[]"),
        new("pg_catalog", "pg_seclabel", 3596, 'r', "objoid:oid,classoid:oid,objsubid:integer,provider:text,label:text"),
        new("pg_catalog", "pg_transform", 3576, 'r', "oid:oid,trftype:oid,trflang:oid,trffromsql:regproc,trftosql:regproc"),
        new("pg_catalog", "pg_largeobject_metadata", 2995, 'r', "oid:oid,lomowner:oid,lomacl:aclitem[]"),
        new("pg_catalog", "pg_subscription", 6100, 'r', "oid:oid,subdbid:oid,subskiplsn:pg_lsn,subname:name,subowner:oid,subenabled:boolean,subbinary:boolean,substream:boolean,subtwophasestate:char,subdisableonerr:boolean,subconninfo:text,subslotname:name,subsynccommit:text,subpublications:text[]"),
        new("pg_catalog", "pg_statistic_ext_data", 3429, 'r', "stxoid:oid,stxdinherit:boolean,stxdndistinct:pg_ndistinct,stxddependencies:pg_dependencies,stxdmcv:pg_mcv_list,stxdexpr:pg_statistic[]"),
        new("pg_catalog", "pg_stat_database", 12266, 'v', "datid:oid,datname:name,numbackends:integer,xact_commit:bigint,xact_rollback:bigint,blks_read:bigint,blks_hit:bigint,tup_returned:bigint,tup_fetched:bigint,tup_inserted:bigint,tup_updated:bigint,tup_deleted:bigint,conflicts:bigint,temp_files:bigint,temp_bytes:bigint,deadlocks:bigint,checksum_failures:bigint,checksum_last_failure:timestamp with time zone,blk_read_time:double precision,blk_write_time:double precision,session_time:double precision,active_time:double precision,idle_in_transaction_time:double precision,sessions:bigint,sessions_abandoned:bigint,sessions_fatal:bigint,sessions_killed:bigint,stats_reset:timestamp with time zone"),
        new("pg_catalog", "pg_timezone_names", 12126, 'v', "name:text,abbrev:text,utc_offset:interval,is_dst:boolean"),
        new("pg_catalog", "pg_file_settings", 12110, 'v', "sourcefile:text,sourceline:integer,seqno:integer,name:text,setting:text,applied:boolean,error:text"),
        new("pg_catalog", "pg_shdepend", 1214, 'r', "dbid:oid,classid:oid,objid:oid,objsubid:integer,refclassid:oid,refobjid:oid,deptype:char"),
        new("pg_catalog", "pg_db_role_setting", 2964, 'r', "setdatabase:oid,setrole:oid,setconfig:text[]"),
        new("information_schema", "tables", 13425, 'v', "table_catalog:name,table_schema:name,table_name:name,table_type:character varying,self_referencing_column_name:name,reference_generation:character varying,user_defined_type_catalog:name,user_defined_type_schema:name,user_defined_type_name:name,is_insertable_into:character varying,is_typed:character varying,commit_action:character varying"),
        new("information_schema", "columns", 13295, 'v', "table_catalog:name,table_schema:name,table_name:name,column_name:name,ordinal_position:integer,column_default:character varying,is_nullable:character varying,data_type:character varying,character_maximum_length:integer,character_octet_length:integer,numeric_precision:integer,numeric_precision_radix:integer,numeric_scale:integer,datetime_precision:integer,interval_type:character varying,interval_precision:integer,character_set_catalog:name,character_set_schema:name,character_set_name:name,collation_catalog:name,collation_schema:name,collation_name:name,domain_catalog:name,domain_schema:name,domain_name:name,udt_catalog:name,udt_schema:name,udt_name:name,scope_catalog:name,scope_schema:name,scope_name:name,maximum_cardinality:integer,dtd_identifier:name,is_self_referencing:character varying,is_identity:character varying,identity_generation:character varying,identity_start:character varying,identity_increment:character varying,identity_maximum:character varying,identity_minimum:character varying,identity_cycle:character varying,is_generated:character varying,generation_expression:character varying,is_updatable:character varying"),
        new("information_schema", "schemata", 13382, 'v', "catalog_name:name,schema_name:name,schema_owner:name,default_character_set_catalog:name,default_character_set_schema:name,default_character_set_name:name,sql_path:character varying"),
        new("information_schema", "table_constraints", 13411, 'v', "constraint_catalog:name,constraint_schema:name,constraint_name:name,table_catalog:name,table_schema:name,table_name:name,constraint_type:character varying,is_deferrable:character varying,initially_deferred:character varying,enforced:character varying,nulls_distinct:character varying"),
        new("information_schema", "key_column_usage", 13329, 'v', "constraint_catalog:name,constraint_schema:name,constraint_name:name,table_catalog:name,table_schema:name,table_name:name,column_name:name,ordinal_position:integer,position_in_unique_constraint:integer"),
        new("information_schema", "views", 13483, 'v', "table_catalog:name,table_schema:name,table_name:name,view_definition:character varying,check_option:character varying,is_updatable:character varying,is_insertable_into:character varying,is_trigger_updatable:character varying,is_trigger_deletable:character varying,is_trigger_insertable_into:character varying"),
        new("information_schema", "referential_constraints", 13339, 'v', "constraint_catalog:name,constraint_schema:name,constraint_name:name,unique_constraint_catalog:name,unique_constraint_schema:name,unique_constraint_name:name,match_option:character varying,update_rule:character varying,delete_rule:character varying"),
        new("information_schema", "constraint_column_usage", 13300, 'v', "table_catalog:name,table_schema:name,table_name:name,column_name:name,constraint_catalog:name,constraint_schema:name,constraint_name:name"),
        new("information_schema", "sequences", 13386, 'v', "sequence_catalog:name,sequence_schema:name,sequence_name:name,data_type:character varying,numeric_precision:integer,numeric_precision_radix:integer,numeric_scale:integer,start_value:character varying,minimum_value:character varying,maximum_value:character varying,increment:character varying,cycle_option:character varying"),
        new("information_schema", "routines", 13377, 'v', "specific_catalog:name,specific_schema:name,specific_name:name,routine_catalog:name,routine_schema:name,routine_name:name,routine_type:character varying,module_catalog:name,module_schema:name,module_name:name,udt_catalog:name,udt_schema:name,udt_name:name,data_type:character varying,character_maximum_length:integer,character_octet_length:integer,character_set_catalog:name,character_set_schema:name,character_set_name:name,collation_catalog:name,collation_schema:name,collation_name:name,numeric_precision:integer,numeric_precision_radix:integer,numeric_scale:integer,datetime_precision:integer,interval_type:character varying,interval_precision:integer,type_udt_catalog:name,type_udt_schema:name,type_udt_name:name,scope_catalog:name,scope_schema:name,scope_name:name,maximum_cardinality:integer,dtd_identifier:name,routine_body:character varying,routine_definition:character varying,external_name:character varying,external_language:character varying,parameter_style:character varying,is_deterministic:character varying,sql_data_access:character varying,is_null_call:character varying,sql_path:character varying,schema_level_routine:character varying,max_dynamic_result_sets:integer,is_user_defined_cast:character varying,is_implicitly_invocable:character varying,security_type:character varying,to_sql_specific_catalog:name,to_sql_specific_schema:name,to_sql_specific_name:name,as_locator:character varying,created:timestamp with time zone,last_altered:timestamp with time zone,new_savepoint_level:character varying,is_udt_dependent:character varying,result_cast_from_data_type:character varying,result_cast_as_locator:character varying,result_cast_char_max_length:integer,result_cast_char_octet_length:integer,result_cast_char_set_catalog:name,result_cast_char_set_schema:name,result_cast_char_set_name:name,result_cast_collation_catalog:name,result_cast_collation_schema:name,result_cast_collation_name:name,result_cast_numeric_precision:integer,result_cast_numeric_precision_radix:integer,result_cast_numeric_scale:integer,result_cast_datetime_precision:integer,result_cast_interval_type:character varying,result_cast_interval_precision:integer,result_cast_type_udt_catalog:name,result_cast_type_udt_schema:name,result_cast_type_udt_name:name,result_cast_scope_catalog:name,result_cast_scope_schema:name,result_cast_scope_name:name,result_cast_maximum_cardinality:integer,result_cast_dtd_identifier:name"),
        new("information_schema", "check_constraints", 13260, 'v', "constraint_catalog:name,constraint_schema:name,constraint_name:name,check_clause:character varying"),
        new("information_schema", "parameters", 13334, 'v', "specific_catalog:name,specific_schema:name,specific_name:name,ordinal_position:integer,parameter_mode:character varying,is_result:character varying,as_locator:character varying,parameter_name:name,data_type:character varying,character_maximum_length:integer,character_octet_length:integer,character_set_catalog:name,character_set_schema:name,character_set_name:name,collation_catalog:name,collation_schema:name,collation_name:name,numeric_precision:integer,numeric_precision_radix:integer,numeric_scale:integer,datetime_precision:integer,interval_type:character varying,interval_precision:integer,udt_catalog:name,udt_schema:name,udt_name:name,scope_catalog:name,scope_schema:name,scope_name:name,maximum_cardinality:integer,dtd_identifier:name,parameter_default:character varying"),
        new("information_schema", "triggers", 13440, 'v', "trigger_catalog:name,trigger_schema:name,trigger_name:name,event_manipulation:character varying,event_object_catalog:name,event_object_schema:name,event_object_table:name,action_order:integer,action_condition:character varying,action_statement:character varying,action_orientation:character varying,action_timing:character varying,action_reference_old_table:name,action_reference_new_table:name,action_reference_old_row:name,action_reference_new_row:name,created:timestamp with time zone"),
        new("information_schema", "table_privileges", 13416, 'v', "grantor:name,grantee:name,table_catalog:name,table_schema:name,table_name:name,privilege_type:character varying,is_grantable:character varying,with_hierarchy:character varying"),
        new("information_schema", "column_privileges", 13285, 'v', "grantor:name,grantee:name,table_catalog:name,table_schema:name,table_name:name,column_name:name,privilege_type:character varying,is_grantable:character varying"),
        new("information_schema", "role_table_grants", 13421, 'v', "grantor:name,grantee:name,table_catalog:name,table_schema:name,table_name:name,privilege_type:character varying,is_grantable:character varying,with_hierarchy:character varying"),
        new("information_schema", "element_types", 13493, 'v', "object_catalog:name,object_schema:name,object_name:name,object_type:character varying,collection_type_identifier:name,data_type:character varying,character_maximum_length:integer,character_octet_length:integer,character_set_catalog:name,character_set_schema:name,character_set_name:name,collation_catalog:name,collation_schema:name,collation_name:name,numeric_precision:integer,numeric_precision_radix:integer,numeric_scale:integer,datetime_precision:integer,interval_type:character varying,interval_precision:integer,domain_default:character varying,udt_catalog:name,udt_schema:name,udt_name:name,scope_catalog:name,scope_schema:name,scope_name:name,maximum_cardinality:integer,dtd_identifier:name"),
        new("information_schema", "domains", 13320, 'v', "domain_catalog:name,domain_schema:name,domain_name:name,data_type:character varying,character_maximum_length:integer,character_octet_length:integer,character_set_catalog:name,character_set_schema:name,character_set_name:name,collation_catalog:name,collation_schema:name,collation_name:name,numeric_precision:integer,numeric_precision_radix:integer,numeric_scale:integer,datetime_precision:integer,interval_type:character varying,interval_precision:integer,domain_default:character varying,udt_catalog:name,udt_schema:name,udt_name:name,scope_catalog:name,scope_schema:name,scope_name:name,maximum_cardinality:integer,dtd_identifier:name"),
        new("information_schema", "character_sets", 13250, 'v', "character_set_catalog:name,character_set_schema:name,character_set_name:name,character_repertoire:name,form_of_use:name,default_collate_catalog:name,default_collate_schema:name,default_collate_name:name"),
        new("information_schema", "enabled_roles", 13325, 'v', "role_name:name"),
        new("information_schema", "applicable_roles", 13236, 'v', "grantee:name,role_name:name,is_grantable:character varying"),
        new("information_schema", "usage_privileges", 13454, 'v', "grantor:name,grantee:name,object_catalog:name,object_schema:name,object_name:name,object_type:character varying,privilege_type:character varying,is_grantable:character varying"),
        new("pg_catalog", "omendb_index_stats", 16383, 'v', "schemaname:name,relname:name,indexrelname:name,attname:name,method:text,engine:text,models:bigint,max_error:integer,mean_error:double precision,epsilon:integer,bytes:bigint,bytes_per_key:double precision,keys:bigint,row_versions:bigint,delta_size:bigint,merges:bigint,last_build:timestamp with time zone,build_ms:double precision,choice:text,description:text"),
    ];

    private static readonly FrozenDictionary<string, SystemTable> s_byName;
    private static readonly FrozenDictionary<uint, SystemTable> s_byOid;

    static SystemTables()
    {
        s_byName = s_tables.ToFrozenDictionary(t => t.Schema + "." + t.Name, StringComparer.Ordinal);
        s_byOid = s_tables.ToFrozenDictionary(t => t.Oid);
        RegisterRelations();
        RegisterTypes();
        RegisterShared();
        RegisterInformationSchema();
        RegisterProgress();
        RegisterLocks();
        RegisterActivity();
        RegisterIndexStats();
        foreach (var name in s_cachedTables)
        {
            s_byName["pg_catalog." + name].Cache = new SystemTableCache();
        }
    }

    /// <summary>
    /// The relations computed only from the database's catalog objects, whose rows are cached per catalog version
    /// (<see cref="SystemTableCache"/>): the ones Npgsql's type loading and psql's \d read.
    /// </summary>
    private static readonly string[] s_cachedTables =
    [
        "pg_type", "pg_class", "pg_attribute", "pg_namespace", "pg_proc", "pg_range", "pg_enum", "pg_am", "pg_index",
        "pg_constraint", "pg_attrdef", "pg_description", "pg_depend",
    ];

    /// <summary>Every system relation.</summary>
    public static IReadOnlyList<SystemTable> All => s_tables;

    /// <summary>The system relation <paramref name="schema"/>.<paramref name="name"/>, or null.</summary>
    public static SystemTable? Find(string schema, string name) => s_byName.GetValueOrDefault(schema + "." + name);

    /// <summary>The system relation with this pg_class OID, or null.</summary>
    public static SystemTable? FindByOid(uint oid) => s_byOid.GetValueOrDefault(oid);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<SystemTable, object?[][]> s_fixedRows = new();

    /// <summary>Rows that never change (built-in types, functions, the system relations themselves), computed once.</summary>
    private static object?[][] Fixed(SystemTable t, Func<SystemTable, IEnumerable<object?[]>> rows)
        => s_fixedRows.GetOrAdd(t, table => [.. rows(table)]);

    private static void Set(string name, Func<CatalogReader, SystemTable, IEnumerable<object?[]>> rows)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var table = dot < 0 ? s_byName["pg_catalog." + name] : s_byName[name];
        table.Rows = rows;
    }
}
